namespace BuildFarm.Web.Features.Account;

/// <summary>Where to go after signing in: only a path on this farm, so a crafted link cannot send a fresh sign-in to
/// another site ("//evil.example", "/\evil.example" and absolute URLs are all refused).</summary>
public static class LocalReturnUrl
{
    public static string Or(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Any(char.IsControl)
            ? url
            : fallback;
}
