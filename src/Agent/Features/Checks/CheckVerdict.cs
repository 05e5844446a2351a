using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Checks;

/// <summary>What a check result means for its build.</summary>
public static class CheckVerdict
{
    /// <summary>Null when the check passed, else the build's error: the check's own error (could not start, timed
    /// out), or its exit code with the last line it printed, which is where a failed assert usually says why.</summary>
    public static string? Failure(CheckResult result)
    {
        if (result.Error is { } error)
            return error;
        if (result.ExitCode == 0)
            return null;
        var last = result.OutputTail.LastOrDefault(line => !string.IsNullOrWhiteSpace(line));
        return last is null ? $"check failed (exit {result.ExitCode}) without output" : $"check failed (exit {result.ExitCode}): {last}";
    }
}
