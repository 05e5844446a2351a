namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>The processes a BuildKit RUN step starts, found by a token in their command line: the test engines run on
/// this machine, so their steps' processes are in its process table.</summary>
public static class StepProcesses
{
    public static bool AnyRunning(string token) => Directory.EnumerateDirectories("/proc").Any(process => CommandLine(process).Contains(token));

    /// <summary>Whether every process carrying <paramref name="token"/> ended within <paramref name="deadline"/>.</summary>
    public static async Task<bool> GoneAsync(string token, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (AnyRunning(token))
        {
            if (DateTime.UtcNow > until)
                return false;
            await Task.Delay(50);
        }
        return true;
    }

    static string CommandLine(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Ended while being read, or not a process at all.
            return "";
        }
    }
}
