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
    public bool HasExited => process is null || process.HasExited;

    public void Start()
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{name}: {dll} is not built", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        // The test runner's own settings (e.g. ASPNETCORE_ENVIRONMENT) must not leak into the farm's processes.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                                                               k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
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

    /// <summary>Ends the process at once, as a crash or a pulled plug would: no graceful drain.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited)
            return;
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
