using System.Text.Json;

namespace BuildFarm.Web.Features.Api;

/// <summary>
/// A script's bad request gets problem JSON with a sentence naming what is wrong, never an empty 400 or a silently
/// ignored field: bodies over <see cref="MaxBodyBytes"/> answer 413, and JSON the endpoint cannot bind (a misspelt
/// field such as "nocahce", a string where a list belongs, broken syntax) answers 400 under the field's name.
/// </summary>
sealed class ApiRequestGuard(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>Far above any build request (a few KiB even with many build args), far below what would hurt a server.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public const string TooLargeSentence = "The request body is larger than 1 MiB, the most this API reads.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "body", TooLargeSentence);
            return;
        }

        var body = new ApiBodyLimit(context.Request.Body, MaxBodyBytes);
        context.Request.Body = body;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (field, sentence) = e.InnerException is JsonException json ? JsonProblem.Describe(json) : ("request", e.Message);
            await RefuseAsync(context, body.Exceeded ? StatusCodes.Status413PayloadTooLarge : e.StatusCode,
                body.Exceeded ? "body" : field, body.Exceeded ? TooLargeSentence : sentence);
            return;
        }

        // The JSON reader takes a failed read for a dropped connection and answers nothing; the client is still there.
        if (body.Exceeded && !context.Response.HasStarted)
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "body", TooLargeSentence);
    }

    async Task RefuseAsync(HttpContext context, int status, string field, string sentence)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [sentence] })
            {
                Status = status,
                Title = status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is not valid.",
                Detail = sentence,
            },
        });
    }
}
