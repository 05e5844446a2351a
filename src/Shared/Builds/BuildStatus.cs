namespace BuildFarm.Shared.Builds;

/// <summary>The states a build moves through, as the API spells them.</summary>
public static class BuildStatus
{
    /// <summary>Stored, waiting for an agent.</summary>
    public const string Queued = "queued";
    /// <summary>Sent to an agent that has not started it yet.</summary>
    public const string Assigned = "assigned";
    /// <summary>An agent is working on it.</summary>
    public const string Running = "running";
    /// <summary>Ended with an image.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Ended without an image; the error says why.</summary>
    public const string Failed = "failed";
    /// <summary>Stopped on request.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>All states, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Queued, Assigned, Running, Succeeded, Failed, Cancelled];

    /// <summary>True once nothing more will happen to the build.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}
