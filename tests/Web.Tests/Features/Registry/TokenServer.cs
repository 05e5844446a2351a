using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace BuildFarm.Web.Tests.Features.Registry;

/// <summary>
/// A token service as distribution docs/spec/auth/token.md describes it, for a real docker-registry configured
/// with "auth: token:". Tokens are JWTs in the shape of docs/spec/auth/jwt.md, signed ES256 with a key whose
/// self-signed certificate is the registry's rootcertbundle; the certificate travels in the header's x5c, which
/// distribution 2.8 (registry/auth/token/token.go, VerifySigningKey) checks against that bundle before the signature.
/// Policy: the known user gets what it asks for; anonymous callers get pull on "public/..." repositories only.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "farm-test-registry";
    public const string Issuer = "farm-test-token-issuer";
    public const string User = "farm";
    public const string Password = "farm-token-password";

    private readonly HttpListener _listener = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _dir = Directory.CreateTempSubdirectory("farm-token-").FullName;
    private readonly Task _loop;
    private int _requests;

    public TokenServer()
    {
        var request = new CertificateRequest($"CN={Issuer}", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(RootCertBundle, _certificate.ExportCertificatePem());
        Port = RegistryProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    public string RootCertBundle => Path.Combine(_dir, "root.pem");

    /// <summary>Token requests answered so far, granted or refused.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>What "expires_in" says in the answers.</summary>
    public int LifetimeSeconds { get; set; } = 300;

    /// <summary>The "auth:" block that makes a docker-registry trust this service.</summary>
    public string RegistryAuthYaml => $"""
        auth:
          token:
            realm: {Realm}
            service: {Service}
            issuer: {Issuer}
            rootcertbundle: {RootCertBundle}
        """;

    /// <summary>A token granting <paramref name="actions"/> on <paramref name="repository"/>, for pushing test content.</summary>
    public string Mint(string subject, string repository, params string[] actions) =>
        Mint(subject, [(repository, actions)], TimeSpan.FromMinutes(5));

    public string Mint(string subject, IEnumerable<(string Repository, string[] Actions)> access, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { typ = "JWT", alg = "ES256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["nbf"] = now,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access.Select(a => new { type = "repository", name = a.Repository, actions = a.Actions }).ToArray(),
        };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        // JWS ES256 (RFC 7518 3.4) wants R||S, which is .NET's default IEEE P1363 signature format.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone, not Stop then Close: see WebhookListener.DisposeAsync ("Address already in use" in CI).
        _listener.Close();
        await _loop;
        _certificate.Dispose();
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var user = Authenticate(context.Request.Headers["Authorization"]);
        if (user is null)
        {
            response.StatusCode = 401;
            return;
        }

        var granted = (context.Request.QueryString.GetValues("scope") ?? [])
            .Select(s => s.Split(':'))
            .Where(p => p.Length == 3 && p[0] == "repository")
            .Select(p => (Repository: p[1], Actions: p[2].Split(',').Where(a => user != "" || (a == "pull" && p[1].StartsWith("public/"))).ToArray()))
            .Where(g => g.Actions.Length > 0)
            .ToList();
        var token = Mint(user == "" ? "anonymous" : user, granted, TimeSpan.FromSeconds(LifetimeSeconds));
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = LifetimeSeconds,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        });
        response.ContentType = "application/json";
        await response.OutputStream.WriteAsync(body);
    }

    /// <summary>"" for anonymous, the user for good Basic credentials, null for bad ones.</summary>
    private static string? Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return "";
        }

        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim())).Split(':', 2);
        return pair.Length == 2 && pair[0] == User && pair[1] == Password ? User : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
