using System.Diagnostics;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>What a killed dockerd leaves on the machine, and how a test's own engine is cleared of it.</summary>
static class EngineLeftovers
{
    /// <summary>Removes the engine's leftover RUN steps, then its mounts, so its folder can go.</summary>
    public static async Task RemoveAsync(string root, string dataRoot)
    {
        await RemoveStepsAsync(dataRoot);
        await UnmountAsync(root);
    }

    /// <summary>A RUN step outlives a killed dockerd: BuildKit runs it with runc, whose container is reparented to init.
    /// Its runc state is machine-wide (/run/runc), under the same id as its folder in this engine's executor root, so
    /// only this engine's containers are removed.</summary>
    static async Task RemoveStepsAsync(string dataRoot)
    {
        var executor = Path.Combine(dataRoot, "buildkit", "executor");
        if (!Directory.Exists(executor))
            return;
        foreach (var step in Directory.EnumerateDirectories(executor).Select(Path.GetFileName))
            if (Directory.Exists(Path.Combine("/run/runc", step!)))
                await RunAsync("runc", "delete", "--force", step!);
    }

    /// <summary>dockerd binds its data root onto itself and mounts layers under it; a killed one leaves them, and a
    /// mount point cannot be removed. Deepest first.</summary>
    static async Task UnmountAsync(string root)
    {
        var mounts = (await File.ReadAllLinesAsync("/proc/mounts"))
            .Select(line => line.Split(' ')[1])
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mounts)
            await RunAsync("umount", "-l", point);
    }

    /// <summary>Runs a command from an argument list and waits for it; what it prints is not needed.</summary>
    public static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
    }
}
