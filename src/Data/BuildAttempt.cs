using BuildFarm.Shared.Builds;

namespace BuildFarm.Data;

/// <summary>One placement of a build on an agent, from assignment to its end: what the build page's attempt selector
/// lists and why each earlier attempt ended.</summary>
public class BuildAttempt
{
    public Guid BuildId { get; set; }
    /// <summary>1 for the first placement; the build's <see cref="Build.Attempt"/> is the latest.</summary>
    public int Number { get; set; }
    public string AgentId { get; set; } = "";
    public DateTimeOffset AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>One of <see cref="AttemptOutcome"/>.</summary>
    public string Outcome { get; set; } = AttemptOutcome.Running;
    /// <summary>Why it ended, in words ("gpu-2 went offline (no heartbeat for 30 s)", the engine's error).</summary>
    public string? Reason { get; set; }
}
