using System.Collections.Concurrent;
using System.Diagnostics;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Engines;

/// <summary>A dockerd of the tests' own, with its own data, exec root and socket, so it shares no cache, state or
/// configuration with any other engine on the machine. Needs root, like any dockerd.</summary>
public sealed class PrivateDockerd : IAsyncDisposable
{
    readonly Process _process;
    readonly string _root;
    readonly ConcurrentQueue<string> _log = new();

    PrivateDockerd(Process process, string root, string host)
    {
        _process = process;
        _root = root;
        Host = host;
    }

    public string Host { get; }

    /// <summary>The engine's last log lines, for failure messages.</summary>
    public string LogTail => string.Join('\n', _log);

    public static async Task<PrivateDockerd> StartAsync(TimeSpan deadline)
    {
        // Short on purpose: containerd puts unix sockets under the exec root, and those paths must stay under 108 bytes.
        var root = Path.Combine("/tmp", "bf-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "daemon.json");
        await File.WriteAllTextAsync(config, "{}");
        var host = $"unix://{root}/docker.sock";
        var start = new ProcessStartInfo("dockerd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--config-file", config, "--iptables=false", "--bridge=none", "--data-root", Path.Combine(root, "data"),
                     "--exec-root", Path.Combine(root, "x"), "--pidfile", Path.Combine(root, "dockerd.pid"), "-H", host,
                 })
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("dockerd is not installed (apt-get install docker.io), or set BUILDFARM_TEST_DOCKER_HOST", e);
        }
        var engine = new PrivateDockerd(process, root, host);
        process.OutputDataReceived += (_, e) => engine.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => engine.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new TestEngine(host);
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (process.HasExited)
            {
                await engine.DisposeAsync();
                throw new InvalidOperationException($"dockerd exited with {process.ExitCode} (it must run as root):\n{engine.LogTail}");
            }
            try
            {
                await client.System.PingAsync();
                return engine;
            }
            catch (DockerEngineException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
            catch (DockerEngineException e)
            {
                await engine.DisposeAsync();
                throw new TimeoutException($"dockerd did not answer within {deadline}: {e.Message}\n{engine.LogTail}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets dockerd stop containerd and unmount its layers; SIGKILL only if it hangs.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
                await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A layer still mounted after a hung shutdown; /tmp is cleaned with the machine.
        }
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > 40)
            _log.TryDequeue(out _);
    }
}
