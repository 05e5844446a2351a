namespace BuildFarm.Shared.Placement;

/// <summary>Everything placement knows at the moment of a decision: the agents, and step durations from history.</summary>
/// <param name="Agents">Every known agent, online or not, with its cache inventory and work ahead.</param>
public sealed record ClusterSnapshot(IReadOnlyList<AgentSnapshot> Agents)
{
    /// <summary>Step duration estimates (measured where known, defaults otherwise).</summary>
    public StepDurations Durations { get; init; } = StepDurations.Defaults;

    /// <summary>The farm's inventory by key. When set, placement reads the keys and base digests agents hold from it
    /// and ignores <see cref="AgentSnapshot.CacheKeys"/> and <see cref="AgentSnapshot.BaseDigests"/>; leave it null
    /// for small farms and tests.</summary>
    public CacheIndex? Index { get; init; }

    /// <summary>Assumptions and caps.</summary>
    public PlacementOptions Options { get; init; } = PlacementOptions.Default;
}
