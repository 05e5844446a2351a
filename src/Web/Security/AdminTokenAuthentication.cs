using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Security;

/// <summary>Accepts <c>Authorization: Bearer &lt;admin token&gt;</c> on the REST API.</summary>
sealed class AdminTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminToken token) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    public const string Policy = "Api";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!token.Matches(header["Bearer ".Length..].Trim()))
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not the farm's admin token."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var wrongToken = Request.Headers.Authorization.Count > 0;
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: wrongToken ? "The bearer token is not valid." : "A bearer token is required.",
            detail: $"Send 'Authorization: Bearer <token>' with the token from {AdminToken.FileName} in the farm's data folder.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.").ExecuteAsync(Context);
}
