using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Web.Tests.Features.Registry;

/// <summary>
/// A real distribution registry (Debian's docker-registry, 2.8) on a free 127.0.0.1 port, with filesystem storage
/// in a temp directory and an optional auth block, stopped and deleted on dispose.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly string _dir;
    private readonly ConcurrentQueue<string> _log = new();

    private RegistryProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The registry's host as image references name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Host}/v2/");

    public string RecentLog => string.Join('\n', _log.TakeLast(40));

    /// <param name="authYaml">A top-level "auth:" block for the config file, or null for an open registry.</param>
    public static async Task<RegistryProcess> StartAsync(string? authYaml = null)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's docker-registry (scripts/lib/packages.sh does)");
        }

        var dir = Directory.CreateTempSubdirectory("farm-registry-").FullName;
        var port = FreePort();
        var config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(dir, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            {authYaml ?? ""}
            """);

        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        var registry = new RegistryProcess(process, dir, port);
        process.OutputDataReceived += (_, e) => registry.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await registry.WaitUntilServingAsync(TimeSpan.FromSeconds(30));
        return registry;
    }

    /// <summary>Stops the registry and waits until its port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A port nothing listens on: bound by the OS for a moment, then released.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    // /v2/ is the API version check (distribution docs/spec/api.md): 200 when open, 401 when auth is configured.
    private async Task WaitUntilServingAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{RecentLog}");
            }

            try
            {
                using var response = await Probe.GetAsync(BaseUri);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"docker-registry did not answer on {Host} within {limit}:\n{RecentLog}");
    }
}
