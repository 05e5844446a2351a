namespace BuildFarm.Shared.Placement;

/// <summary>The choice for one build, with the verdict on every agent so the build page can say why.</summary>
/// <param name="AgentId">The chosen agent, or null when the build must wait.</param>
/// <param name="Reason">Why this agent, or why the build waits.</param>
/// <param name="Candidates">Every agent considered, in the snapshot's order (by id for least-loaded placement).</param>
public record PlacementDecision(string? AgentId, string Reason, IReadOnlyList<CandidateVerdict> Candidates)
{
    /// <summary>The chosen agent's verdict, or null when the build must wait.</summary>
    public CandidateVerdict? Chosen => AgentId is null ? null : Candidates.FirstOrDefault(c => c.AgentId == AgentId && c.Rejected is null);
}
