namespace BuildFarm.Shared.Placement;

/// <summary>The choice for one build, with the verdict on every agent so the build page can say why.</summary>
/// <param name="AgentId">The chosen agent, or null when the build must wait.</param>
/// <param name="Reason">Why this agent, or why the build waits.</param>
/// <param name="Candidates">Every agent considered, in the snapshot's order.</param>
public record PlacementDecision(string? AgentId, string Reason, IReadOnlyList<CandidateVerdict> Candidates)
{
    /// <summary>The chosen agent's verdict, or null when the build must wait.</summary>
    public CandidateVerdict? Chosen => AgentId is null ? null : Candidates.FirstOrDefault(c => c.AgentId == AgentId && c.Rejected is null);

    /// <summary>The keys of the steps the chosen agent should report CACHED (vertices after FROM whose chain it
    /// holds), in plan order, to score the prediction when the build ends; empty when none is chosen or there is no plan.</summary>
    public IReadOnlyList<string> PredictedCachedKeys { get; init; } = [];

    /// <summary>Seconds the build is expected to run on the chosen agent (pulls and steps its cache does not cover),
    /// so builds placed later can tell how long they would queue behind it; null when none is chosen or there is no plan.</summary>
    public double? PredictedSeconds { get; init; }
}
