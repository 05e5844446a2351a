using BuildFarm.Shared.Builds;

namespace BuildFarm.Data;

/// <summary>One Dockerfile step of one attempt. Every attempt keeps its own rows, so a requeued build still shows what
/// its earlier attempts did and where.</summary>
public class BuildStep
{
    public Guid BuildId { get; set; }
    public int Attempt { get; set; }
    public int Index { get; set; }
    /// <summary>The agent that ran the step's attempt.</summary>
    public string? AgentId { get; set; }
    public string? Stage { get; set; }
    public string Instruction { get; set; } = "";
    /// <summary>One of <see cref="StepStatus"/>.</summary>
    public string Status { get; set; } = StepStatus.Running;
    public bool Cached { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public long? DurationMs { get; set; }
    public string? Error { get; set; }
    /// <summary>The step's predicted cache key, as the agent matched it from the plan; null for unplanned builds.</summary>
    public string? Key { get; set; }
    /// <summary>For a cached step, how long the same key took when it last ran for real: the time the cache saved.
    /// Stored when the step completes, so the insights sum it instead of searching history per step.</summary>
    public long? SavedMs { get; set; }
}
