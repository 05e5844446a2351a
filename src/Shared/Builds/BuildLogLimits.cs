namespace BuildFarm.Shared.Builds;

/// <summary>How far a build's stored log may grow, and the note that marks where it was cut.</summary>
public static class BuildLogLimits
{
    /// <summary>The default budget of one build's log, all attempts and steps together.</summary>
    public const long DefaultBudgetBytes = 20L * 1024 * 1024;

    /// <summary>Where every cut note starts, so readers can tell the note from the build's own output.</summary>
    public const string CutNotePrefix = "log cut here: ";

    /// <summary>The line stored in place of the first line past the budget; later lines are dropped.</summary>
    public static string CutNote(long budgetBytes) =>
        $"{CutNotePrefix}the build's log passed {Size(budgetBytes)}; later lines were not kept";

    /// <summary>"20 MiB", "512 KiB", "300 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        >= 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
