using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildFarm.Web.Features.Registry;

/// <summary>A bearer token and the moment it stops being offered.</summary>
internal sealed record RegistryToken(string Value, DateTimeOffset ExpiresAt)
{
    // token.md: "expires_in ... When omitted, this defaults to 60 seconds. For compatibility with older clients, a
    // token should never be returned with less than 60 seconds to live." Docker's client raises shorter lifetimes to
    // this minimum too (distribution registry/client/auth/session.go minimumTokenLifetimeSeconds).
    private const int MinimumLifetimeSeconds = 60;

    // Stop offering a token shortly before it expires so a request in flight does not arrive with a dead one.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt - Margin;

    /// <summary>Reads a token response; <paramref name="receivedAt"/> is the local clock when it arrived.</summary>
    public static RegistryToken Read(byte[] body, DateTimeOffset receivedAt, Uri realm)
    {
        TokenResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<TokenResponse>(body);
        }
        catch (JsonException e)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed, $"token service {realm} answered with invalid JSON: {e.Message}");
        }

        // "access_token" is the OAuth 2.0 name of the same token; at least one must be present.
        var value = response?.Token is { Length: > 0 } t ? t : response?.AccessToken;
        if (string.IsNullOrEmpty(value))
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed, $"token service {realm} answered without a token");
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(response!.ExpiresIn ?? MinimumLifetimeSeconds, MinimumLifetimeSeconds));
        // The spec counts the lifetime from issued_at, but that is the token service's clock: only trust it when it
        // makes the token expire sooner than our own clock would say (never later), and not when a lagging clock there
        // would make every token look expired on arrival and defeat the cache.
        var start = response.IssuedAt is { } issued && issued < receivedAt && issued + lifetime > receivedAt + Margin
            ? issued
            : receivedAt;
        return new RegistryToken(value, start + lifetime);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("issued_at")] DateTimeOffset? IssuedAt);
}
