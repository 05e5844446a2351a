namespace BuildFarm.Shared.Builds;

/// <summary>The states of one Dockerfile step of one attempt, as the API spells them.</summary>
public static class StepStatus
{
    /// <summary>BuildKit started it and has not finished it.</summary>
    public const string Running = "running";
    /// <summary>It ran and succeeded.</summary>
    public const string Done = "done";
    /// <summary>BuildKit took it from its cache.</summary>
    public const string Cached = "cached";
    /// <summary>It failed, or the build failed before it finished.</summary>
    public const string Failed = "failed";
    /// <summary>The build was cancelled before it finished.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Its attempt was lost (the agent went away) before it finished.</summary>
    public const string Lost = "lost";

    /// <summary>All states: the one a step starts in, then the ones it ends in.</summary>
    public static readonly IReadOnlyList<string> All = [Running, Done, Cached, Failed, Cancelled, Lost];
}
