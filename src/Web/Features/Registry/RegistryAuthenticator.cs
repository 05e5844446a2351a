using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BuildFarm.Web.Features.Registry;

/// <summary>An Authorization header to retry with, and the sentence to report if the registry still refuses it.</summary>
internal sealed record AuthAttempt(AuthenticationHeaderValue Header, string RejectionMessage);

/// <summary>
/// Answers registry auth challenges (distribution docs/spec/auth/token.md): a Bearer challenge is exchanged at its
/// realm for a token (anonymously, or with the host's configured credentials as Basic auth, which is what the
/// Docker engine sends to token servers), a Basic challenge is answered with the credentials themselves. Tokens
/// are cached per realm, service, scope and user until they expire, and the last challenge of each host is
/// remembered so later requests go out authorized instead of collecting a 401 first.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, RegistrySettings settings, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<TokenKey, RegistryToken> _tokens = new();

    /// <summary>How many tokens were fetched from token services; tests read it to prove the cache works.</summary>
    public int TokensFetched => _tokensFetched;
    private int _tokensFetched;

    public AuthenticationHeaderValue? Preauthorize(RegistryEndpoint endpoint, RegistryCredentials? credentials)
    {
        if (!_challenges.TryGetValue(endpoint.Host, out var challenge))
        {
            return null;
        }

        if (challenge.IsBasic)
        {
            return credentials is null ? null : Basic(credentials);
        }

        // The remembered challenge came from some repository on this host; the token must be this repository's.
        var key = new TokenKey(challenge["realm"] ?? "", challenge["service"] ?? "", endpoint.PullScope, credentials?.Username ?? "");
        return challenge.IsBearer && _tokens.TryGetValue(key, out var token)
            && token.IsValidAt(clock.GetUtcNow())
                ? new AuthenticationHeaderValue("Bearer", token.Value)
                : null;
    }

    /// <summary>Turns a 401 into an Authorization header, or throws <see cref="RegistryFailure"/> (Unauthorized).</summary>
    public async Task<AuthAttempt> AnswerAsync(
        HttpResponseMessage unauthorized, RegistryEndpoint endpoint, RegistryCredentials? credentials, string credentialKey,
        CancellationToken ct)
    {
        var challenges = AuthChallenge.From(unauthorized);
        var challenge = challenges.FirstOrDefault(c => c.IsBearer || c.IsBasic)
            ?? throw RegistryFailure.Of(RegistryErrorKind.Unauthorized, challenges.Count == 0
                ? $"registry {endpoint.Host} answered 401 Unauthorized for {endpoint.Repository} without saying how to log in"
                : $"registry {endpoint.Host} asks for '{challenges[0].Scheme}' authentication, which the farm does not speak");
        _challenges[endpoint.Host] = challenge;
        var who = credentials is null ? "anonymously" : $"as '{credentials.Username}'";

        if (challenge.IsBasic)
        {
            return credentials is null
                ? throw RegistryFailure.Of(RegistryErrorKind.Unauthorized,
                    $"registry {endpoint.Host} requires a login to read {endpoint.Repository}: set Registries:{credentialKey}:Username and Password")
                : new AuthAttempt(Basic(credentials),
                    $"registry {endpoint.Host} rejected the credentials of '{credentials.Username}' for {endpoint.Repository} (401 Unauthorized)");
        }

        var key = KeyFor(challenge, endpoint, credentials);
        // A 401 despite a cached token means the registry stopped honouring it: never offer it again.
        _tokens.TryRemove(key, out _);
        var token = await FetchTokenAsync(challenge, key, endpoint, credentials, credentialKey, ct);
        _tokens[key] = token;
        return new AuthAttempt(new AuthenticationHeaderValue("Bearer", token.Value),
            $"registry {endpoint.Host} refused access to {endpoint.Repository} with a token obtained {who} from {key.Realm}: "
            + (credentials is null ? $"the repository may be private (set Registries:{credentialKey}:Username and Password)"
                : $"'{credentials.Username}' may lack pull access to it"));
    }

    private async Task<RegistryToken> FetchTokenAsync(
        AuthChallenge challenge, TokenKey key, RegistryEndpoint endpoint, RegistryCredentials? credentials, string credentialKey,
        CancellationToken ct)
    {
        if (!Uri.TryCreate(key.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != "https" && realm.Scheme != "http"))
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"registry {endpoint.Host} named '{key.Realm}' as its token service, which is not an http(s) URL");
        }

        // Basic credentials over plain http would be readable on the wire: only where http is expected anyway.
        if (credentials is not null && realm.Scheme == "http" && !settings.IsInsecure(realm.Authority))
        {
            throw RegistryFailure.Of(RegistryErrorKind.Unauthorized,
                $"token service {realm} is plain http; the farm will not send the credentials of {credentialKey} there "
                + "(list its host in Registries:Insecure if that is intended)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, TokenUri(realm, challenge, key));
        if (credentials is not null)
        {
            request.Headers.Authorization = Basic(credentials);
        }

        var who = credentials is null ? "an anonymous token" : $"a token for '{credentials.Username}'";
        using var response = await RegistryTransport.SendAsync(http, request, settings.RequestTimeout, $"token service {realm.Authority}", ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw RegistryFailure.Of(RegistryErrorKind.Unauthorized, credentials is null
                ? $"token service {realm} refused {who} for {endpoint.Repository}: set Registries:{credentialKey}:Username and Password"
                : $"token service {realm} rejected the credentials of '{credentials.Username}' for registry {endpoint.Host} ({(int)response.StatusCode})");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"token service {realm} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked for {who}");
        }

        Interlocked.Increment(ref _tokensFetched);
        return RegistryToken.Read(await response.Content.ReadAsByteArrayAsync(ct), clock.GetUtcNow(), realm);
    }

    // token.md "Requesting a Token": service and scope from the challenge, one scope parameter per space-separated
    // scope; client_id is optional but lets the token service's audit log name the farm.
    private static Uri TokenUri(Uri realm, AuthChallenge challenge, TokenKey key)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        void Add(string name, string value) =>
            query.Append(query.Length > 0 ? "&" : "").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (challenge["service"] is { } service)
        {
            Add("service", service);
        }

        foreach (var scope in key.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add("scope", scope);
        }

        Add("client_id", "buildfarm");
        return new UriBuilder(realm) { Query = query.ToString() }.Uri;
    }

    private static TokenKey KeyFor(AuthChallenge challenge, RegistryEndpoint endpoint, RegistryCredentials? credentials) =>
        new(challenge["realm"] ?? "", challenge["service"] ?? "", challenge["scope"] ?? endpoint.PullScope, credentials?.Username ?? "");

    private static AuthenticationHeaderValue Basic(RegistryCredentials c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));

    private readonly record struct TokenKey(string Realm, string Service, string Scope, string User);
}
