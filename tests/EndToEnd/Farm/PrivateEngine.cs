using System.Diagnostics;
using System.Net.Sockets;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>A dockerd of a fault test's own (own data root, exec root, pid file and socket, as scripts/lib/dockerd.sh
/// starts the shared ones), so the test may kill it like a crash without touching an engine anyone else builds on.
/// It pulls the demo's base image from the test registry like any fresh engine. Needs root, like any dockerd.</summary>
public sealed class PrivateEngine : IAsyncDisposable
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    readonly string _root;
    readonly string _logPath;
    Process? _dockerd;

    PrivateEngine(string root, string logPath)
    {
        _root = root;
        _logPath = logPath;
    }

    /// <summary>The engine's address, as an agent's DockerHost.</summary>
    public string Host => $"unix://{Socket}";

    string Socket => Path.Combine(_root, "d.sock");
    string DataRoot => Path.Combine(_root, "data");
    string ContainerdPidFile => Path.Combine(_root, "x", "containerd", "containerd.pid");

    /// <param name="logPath">Where dockerd's output goes (appended across restarts).</param>
    public static async Task<PrivateEngine> StartAsync(string logPath)
    {
        // Short on purpose: containerd's sockets live under the exec root, and unix socket paths stop at 108 bytes.
        var root = Path.Combine("/tmp", "bf-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var engine = new PrivateEngine(root, logPath);
        try
        {
            await engine.LaunchAsync();
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to dockerd and its containerd, as a crash or the OOM killer would: no shutdown, streams break.</summary>
    public async Task KillAsync()
    {
        var containerd = ContainerdPid();
        if (_dockerd is { HasExited: false } dockerd)
        {
            dockerd.Kill();
            await dockerd.WaitForExitAsync();
        }
        if (containerd is { } pid)
        {
            await SignalAsync("KILL", pid);
            await Eventually.Until(() => !Directory.Exists($"/proc/{pid}"), Deadline, $"containerd {pid} did not die");
        }
    }

    /// <summary>Starts dockerd again on the same data, exec root and socket, as an operator (or systemd) would.</summary>
    public Task RestartAsync() => LaunchAsync();

    async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("dockerd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--config-file", await ConfigAsync(), "--iptables=false", "--bridge=none",
                     "--data-root", DataRoot, "--exec-root", Path.Combine(_root, "x"), "--pidfile", Path.Combine(_root, "d.pid"),
                     "-H", Host,
                 })
            start.ArgumentList.Add(argument);
        var log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _dockerd?.Dispose();
        _dockerd = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start");
        var dockerd = _dockerd;
        dockerd.OutputDataReceived += (_, e) => Write(log, e.Data);
        dockerd.ErrorDataReceived += (_, e) => Write(log, e.Data);
        dockerd.BeginOutputReadLine();
        dockerd.BeginErrorReadLine();
        dockerd.Exited += (_, _) => log.Dispose();
        dockerd.EnableRaisingEvents = true;
        await Eventually.Until(async () => !dockerd.HasExited ? await AnswersAsync() : throw new InvalidOperationException(
                $"dockerd exited with {dockerd.ExitCode}; see {_logPath}"),
            answers => answers, Deadline, _ => $"dockerd on {Host} did not answer; see {_logPath}");
    }

    /// <summary>An empty configuration of its own: the machine's /etc/docker/daemon.json is not this engine's.</summary>
    async Task<string> ConfigAsync()
    {
        var path = Path.Combine(_root, "daemon.json");
        await File.WriteAllTextAsync(path, "{}");
        return path;
    }

    static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Whether the engine answers <c>/_ping</c> now.</summary>
    public async Task<bool> AnswersAsync()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync("http://engine/_ping");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    int? ContainerdPid() =>
        File.Exists(ContainerdPidFile) && int.TryParse(File.ReadAllText(ContainerdPidFile).Trim(), out var pid) ? pid : null;

    public async ValueTask DisposeAsync()
    {
        if (_dockerd is { HasExited: false } dockerd)
        {
            // SIGTERM lets dockerd stop its containerd; SIGKILL only if it hangs.
            await SignalAsync("TERM", dockerd.Id);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await dockerd.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
        _dockerd?.Dispose();
        if (ContainerdPid() is { } containerd && Directory.Exists($"/proc/{containerd}"))
            await SignalAsync("KILL", containerd);
        await EngineLeftovers.RemoveAsync(_root, DataRoot);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something still mounted or busy; /tmp goes with the machine, and the log says what.
            await File.AppendAllTextAsync(_logPath, $"could not remove {_root}: {e.Message}\n");
        }
    }

    static Task SignalAsync(string signal, int pid) => EngineLeftovers.RunAsync("kill", $"-{signal}", pid.ToString());
}
