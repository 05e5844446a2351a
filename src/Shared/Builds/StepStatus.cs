namespace BuildFarm.Shared.Builds;

/// <summary>The states a build step moves through, as the API spells them.</summary>
public static class StepStatus
{
    /// <summary>The agent reported the step started and not yet its end.</summary>
    public const string Running = "running";
    /// <summary>Ran to the end.</summary>
    public const string Done = "done";
    /// <summary>Ended without running: the engine had its result in cache.</summary>
    public const string Cached = "cached";
    /// <summary>Ended with an error, or was still open when its build failed.</summary>
    public const string Failed = "failed";
    /// <summary>Was still open when its build was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>All states: the one a step starts in, then the ones it ends in.</summary>
    public static readonly IReadOnlyList<string> All = [Running, Done, Cached, Failed, Cancelled];
}
