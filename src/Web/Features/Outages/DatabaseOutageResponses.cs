using BuildFarm.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace BuildFarm.Web.Features.Outages;

/// <summary>
/// A request that needs the database while it is away answers 503 with a sentence naming the database, at once, not a
/// 500 with a stack trace: nothing in the request was wrong and the same request works once the database is back.
/// Scripts get problem JSON with Retry-After; people get the error page with the same sentence.
/// </summary>
static class DatabaseOutageResponses
{
    /// <summary>Seconds a script is told to wait before asking again.</summary>
    const int RetryAfterSeconds = 5;

    public const string Title = "The farm's database is not answering.";

    public static int StatusCode(Exception e) =>
        DatabaseOutage.Is(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;

    public static ExceptionHandlerOptions Api() => new() { StatusCodeSelector = StatusCode };

    public static ExceptionHandlerOptions Pages() => new()
    {
        ExceptionHandlingPath = "/error",
        CreateScopeForErrors = true,
        StatusCodeSelector = StatusCode,
    };

    public static void Describe(ProblemDetailsContext context)
    {
        if (context.Exception is not { } e || !DatabaseOutage.Is(e))
            return;
        context.ProblemDetails.Title = Title;
        context.ProblemDetails.Detail = context.HttpContext.RequestServices.GetRequiredService<DatabaseOutage>().Sentence(e);
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
    }

    /// <summary>The sentence for the exception that sent this request to the error page, if it was the database's.</summary>
    public static string? Sentence(HttpContext? context) =>
        context?.Features.Get<IExceptionHandlerFeature>()?.Error is { } e && DatabaseOutage.Is(e)
            ? context.RequestServices.GetRequiredService<DatabaseOutage>().Sentence(e)
            : null;
}
