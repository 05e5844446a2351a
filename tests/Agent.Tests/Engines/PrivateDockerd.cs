using System.Collections.Concurrent;
using System.Diagnostics;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Engines;

/// <summary>A dockerd of the tests' own, with its own data, exec root and socket, so it shares no cache, state or
/// configuration with any other engine on the machine. Needs root, like any dockerd.</summary>
public sealed class PrivateDockerd : IAsyncDisposable
{
    readonly string _root;
    readonly ConcurrentQueue<string> _log = new();
    Process? _process;

    PrivateDockerd(string root)
    {
        _root = root;
        Host = $"unix://{root}/docker.sock";
    }

    public string Host { get; }

    /// <summary>The engine's last log lines, for failure messages.</summary>
    public string LogTail => string.Join('\n', _log);

    public static async Task<PrivateDockerd> StartAsync(TimeSpan deadline)
    {
        // Short on purpose: containerd puts unix sockets under the exec root, and those paths must stay under 108 bytes.
        var root = Path.Combine("/tmp", "bf-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "daemon.json"), "{}");
        var engine = new PrivateDockerd(root);
        try
        {
            await engine.LaunchAsync(deadline);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills dockerd the way a crash does (SIGKILL, no shutdown): its builds' streams break mid-way.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        var containerd = File.Exists(ContainerdPidFile) && int.TryParse(await File.ReadAllTextAsync(ContainerdPidFile), out var pid) ? pid : (int?)null;
        using (var kill = Process.Start("kill", ["-KILL", process.Id.ToString()]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync();
        // containerd follows its dockerd down a moment later (parent-death signal); a dockerd started before that adopts
        // the dying one and exits with it.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (containerd is { } alive && Directory.Exists($"/proc/{alive}") && DateTime.UtcNow < until)
            await Task.Delay(50);
    }

    string ContainerdPidFile => Path.Combine(_root, "x", "containerd", "containerd.pid");

    /// <summary>Starts dockerd again on the same data, exec root and socket, after <see cref="KillAsync"/>.</summary>
    public Task RestartAsync(TimeSpan deadline) => LaunchAsync(deadline);

    async Task LaunchAsync(TimeSpan deadline)
    {
        var start = new ProcessStartInfo("dockerd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--config-file", Path.Combine(_root, "daemon.json"), "--iptables=false", "--bridge=none", "--data-root",
                     Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "x"), "--pidfile", Path.Combine(_root, "dockerd.pid"),
                     "-H", Host,
                 })
            start.ArgumentList.Add(argument);
        _process?.Dispose();
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("dockerd is not installed (apt-get install docker.io), or set BUILDFARM_TEST_DOCKER_HOST", e);
        }
        var process = _process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new TestEngine(Host);
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (process.HasExited)
            {
                // The parameterless wait also drains the output readers, so the log below is complete.
                process.WaitForExit();
                throw new InvalidOperationException($"dockerd exited with {process.ExitCode} (it must run as root):\n{LogTail}");
            }
            try
            {
                await client.System.PingAsync();
                return;
            }
            catch (DockerEngineException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
            catch (DockerEngineException e)
            {
                throw new TimeoutException($"dockerd did not answer within {deadline}: {e.Message}\n{LogTail}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
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
        _process?.Dispose();
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
        // gRPC's reconnect chatter would push the line that says why dockerd stopped out of the tail.
        if (line is null || line.Contains("[core]", StringComparison.Ordinal))
            return;
        _log.Enqueue(line);
        while (_log.Count > 40)
            _log.TryDequeue(out _);
    }
}
