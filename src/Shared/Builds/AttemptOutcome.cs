namespace BuildFarm.Shared.Builds;

/// <summary>How one attempt of a build ended, as the API spells it. A build has one attempt per placement; an attempt
/// that ends <see cref="Lost"/> puts the build back in the queue for the next.</summary>
public static class AttemptOutcome
{
    /// <summary>Placed on its agent and not over yet (assigned or started).</summary>
    public const string Running = "running";
    /// <summary>The agent built the image.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>The agent reported a failure: the build, its source or its check.</summary>
    public const string Failed = "failed";
    /// <summary>Stopped on request.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>The agent went away or no longer had the build; the reason says which.</summary>
    public const string Lost = "lost";

    /// <summary>All outcomes, the open one first.</summary>
    public static readonly IReadOnlyList<string> All = [Running, Succeeded, Failed, Cancelled, Lost];

    /// <summary>True once the attempt is over.</summary>
    public static bool IsFinal(string outcome) => outcome != Running;
}
