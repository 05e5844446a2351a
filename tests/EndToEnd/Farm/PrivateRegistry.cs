using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>
/// A registry of a test's own that demands a login (htpasswd, bcrypt), on its own port and storage under
/// <paramref name="dir"/>: Debian's <c>docker-registry</c> (distribution 2.8), the program the shared registry on :5000
/// runs, with a config of this test's making. Engines on this machine push to it as <c>localhost:PORT</c>, which Docker
/// counts as an insecure registry, so plain http and Basic auth are enough.
/// </summary>
public sealed class PrivateRegistry(string dir, string username, string password) : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    readonly int port = FarmFixture.FreePort();
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    Process? server;

    /// <summary>The registry as a tag names it.</summary>
    public string Host => $"localhost:{port}";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(Path.Combine(dir, "storage"));
        var htpasswd = Path.Combine(dir, "htpasswd");
        await File.WriteAllTextAsync(htpasswd, $"{username}:{BCrypt.Net.BCrypt.HashPassword(password, workFactor: 5)}\n");
        var config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(dir, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
              secret: {Guid.NewGuid():N}
            auth:
              htpasswd:
                realm: buildfarm-private
                path: {htpasswd}
            """);
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        server = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        var log = new StreamWriter(Path.Combine(dir, "registry.log")) { AutoFlush = true };
        server.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await Eventually.Until(PingAsync, status => status == HttpStatusCode.Unauthorized, StartTimeout,
            status => $"the private registry on {Host} never asked for a login (last: {status}); see {dir}/registry.log");
    }

    /// <summary>What <c>GET /v2/</c> answers without a login: 401 once it is up.</summary>
    async Task<HttpStatusCode?> PingAsync()
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The status and <c>Docker-Content-Digest</c> of <c>HEAD /v2/{repository}/manifests/{tag}</c>, signed in
    /// with <paramref name="login"/> (user, password), or anonymously when null.</summary>
    public async Task<(HttpStatusCode Status, string? Digest)> ManifestAsync(string repository, string tag, (string User, string Password)? login)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:{port}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        if (login is { } l)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{l.User}:{l.Password}")));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("Docker-Content-Digest", out var d) ? d.FirstOrDefault() : null);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
        server?.Dispose();
    }
}
