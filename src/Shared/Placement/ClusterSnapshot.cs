namespace BuildFarm.Shared.Placement;

/// <summary>Everything placement knows at the moment of a decision: the agents, and step durations from history.</summary>
/// <param name="Agents">Every known agent, online or not, with its cache inventory and work ahead.</param>
public sealed record ClusterSnapshot(IReadOnlyList<AgentSnapshot> Agents)
{
    /// <summary>Step duration estimates (measured where known, defaults otherwise).</summary>
    public StepDurations Durations { get; init; } = StepDurations.Defaults;

    /// <summary>Assumptions and caps.</summary>
    public PlacementOptions Options { get; init; } = PlacementOptions.Default;
}
