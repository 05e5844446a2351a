using System.Collections.Concurrent;
using System.Diagnostics;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>One farm executable run as its own process (<c>dotnet BuildFarm.X.dll</c>), its output kept in a log file.</summary>
public sealed class FarmProcess(string name, string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPath)
    : IAsyncDisposable
{
    readonly ConcurrentQueue<string> tail = new();
    Process? process;
    StreamWriter? log;

    public string Name => name;
    /// <summary>Started through nice(1) at this niceness when above 0, as the run command starts the build side (agents
    /// and their engines) on a host it shares with the dashboard; 0: the test runner's own.</summary>
    public int Nice { get; init; }
    public bool HasExited => process is null || process.HasExited;
    /// <summary>The running process's id (the dotnet host is the farm part itself), for reading its /proc entries.</summary>
    public int? Id => process is { HasExited: false } running ? running.Id : null;

    public void Start()
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{name}: {dll} is not built", dll);
        var start = new ProcessStartInfo(Nice > 0 ? "nice" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // nice executes dotnet in its own place, so the process id is still the farm part's.
        if (Nice > 0)
            foreach (var arg in (string[])["-n", Nice.ToString(), "dotnet"])
                start.ArgumentList.Add(arg);
        start.ArgumentList.Add(dll);
        // Settings in the test runner's own environment (a developer's exported Farm__DataDir, say) must not leak in.
        foreach (var key in start.Environment.Keys.Where(InheritedSetting).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"--- {name} started at {DateTimeOffset.Now:O}");
        process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    static readonly string[] SettingPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "FARM_DATA", "Farm__", "Bus__", "Database__", "ConnectionStrings__", "Agent__", "Scheduler__"];

    static bool InheritedSetting(string key) => SettingPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (tail)
            log?.WriteLine(line);
        tail.Enqueue(line);
        while (tail.Count > 60)
            tail.TryDequeue(out _);
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail => $"--- last output of {name} (full log: {logPath})\n" + string.Join('\n', tail);

    /// <summary>Sends a signal by name ("STOP", "CONT") through kill(1), with an argument list.</summary>
    public async Task SignalAsync(string signal)
    {
        if (process is null || process.HasExited)
            throw new InvalidOperationException($"{name} is not running");
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
        kill.ArgumentList.Add($"-{signal}");
        kill.ArgumentList.Add(process.Id.ToString());
        using var sent = Process.Start(kill) ?? throw new InvalidOperationException("kill did not start");
        await sent.WaitForExitAsync();
        if (sent.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {name} exited with {sent.ExitCode}");
        lock (tail)
            log?.WriteLine($"--- {name} sent SIG{signal} at {DateTimeOffset.Now:O}");
    }

    /// <summary>Ends the process at once, as a crash or a pulled plug would: no graceful drain.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited)
            return;
        // A frozen process still dies of SIGKILL, but its exit is only reported once it runs again.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        lock (tail)
            log?.WriteLine($"--- {name} killed at {DateTimeOffset.Now:O}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        lock (tail)
        {
            log?.Dispose();
            log = null;
        }
    }
}
