using System.Security.Claims;
using System.Text.Encodings.Web;
using BuildFarm.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Security;

/// <summary>
/// Accepts <c>Authorization: Bearer &lt;personal API token&gt;</c>: the request acts as the token's owner with the role
/// the owner holds now, so a role change or a disabled account takes effect on the next request, not at token expiry.
/// </summary>
sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FarmDbContext db,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    /// <summary>Marking every request would write a row per call; a minute is as fine as "last used" is read.</summary>
    static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
            return AuthenticateResult.NoResult();
        try
        {
            return await CheckTokenAsync();
        }
        catch (Exception e) when (DatabaseOutage.Is(e) && OpenToAll(Context))
        {
            // The error page re-executed for the outage itself: it needs nobody signed in, and asking the database
            // again would only throw again and lose the 503 that says what is wrong.
            return AuthenticateResult.NoResult();
        }
    }

    /// <summary>Whether the endpoint asks for nobody (the sign-in, error and not-found pages).</summary>
    public static bool OpenToAll(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;

    /// <remarks>While the database is away this throws, and the request answers 503 naming the database: the token is
    /// not doubted, and nobody is told to sign in again for the farm's own outage.</remarks>
    async Task<AuthenticateResult> CheckTokenAsync()
    {
        var presented = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var hash = ApiTokenSecret.Hash(presented);
        // One round trip on every API call: the token, only the owner's columns the request needs (not the password
        // hash), and the owner's roles.
        var found = await db.ApiTokens
            .Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new
            {
                TokenId = t.Id, t.LastUsedAt, UserId = u.Id, Name = u.Email ?? u.UserName ?? u.Id, u.DisabledAt,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null)
            return AuthenticateResult.Fail("The bearer token is not a token of this farm, or it was revoked.");
        if (found.DisabledAt is not null)
            return AuthenticateResult.Fail("The bearer token belongs to a disabled account.");
        await MarkUsedAsync(found.TokenId, found.LastUsedAt);

        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, found.UserId),
            new(ClaimTypes.Name, found.Name),
            new("token_id", found.TokenId.ToString()),
            .. found.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    async Task MarkUsedAsync(Guid tokenId, DateTimeOffset? lastUsedAt)
    {
        var now = time.GetUtcNow();
        if (lastUsedAt is { } last && now - last < LastUsedGranularity)
            return;
        var before = now - LastUsedGranularity;
        // A set-based update, guarded so that of many requests in the same minute one writes.
        await db.ApiTokens
            .Where(t => t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt < before))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var sent = HasBearer(Request);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: sent ? "The bearer token is not valid." : "A bearer token is required.",
            detail: sent
                ? "The token is unknown, revoked, or its owner is disabled. Create a new one on the Settings page."
                : "Send 'Authorization: Bearer <token>' with a personal API token from the Settings page (the first admin's is in admin.token in the farm's data folder).")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Your role does not allow this.",
            detail: $"You are signed in as {Context.User.Identity?.Name} ({FarmAccess.RoleOf(Context.User) ?? "no role"}).")
            .ExecuteAsync(Context);
}
