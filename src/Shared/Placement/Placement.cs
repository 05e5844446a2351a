namespace BuildFarm.Shared.Placement;

/// <summary>Why an agent could not take a build.</summary>
public enum Rejection
{
    /// <summary>It stopped heartbeating.</summary>
    Offline,
    /// <summary>Its Docker engine does not answer.</summary>
    EngineDown,
    /// <summary>All its build slots are taken.</summary>
    NoFreeCapacity,
}

/// <summary>The verdict on one candidate: rejected with a reason, or scored (higher is better).</summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentName">Agent display name.</param>
/// <param name="Rejected">Why it cannot take the build, or null when it can.</param>
/// <param name="Score">Score when eligible.</param>
/// <param name="Detail">Human-readable reason for the verdict.</param>
public record CandidateVerdict(string AgentId, string AgentName, Rejection? Rejected, double Score, string Detail);

/// <summary>The choice for one build, with the verdict on every agent so the build page can say why.</summary>
/// <param name="AgentId">The chosen agent, or null when the build must wait.</param>
/// <param name="Reason">Why this agent, or why the build waits.</param>
/// <param name="Candidates">Every agent considered.</param>
public record PlacementDecision(string? AgentId, string Reason, IReadOnlyList<CandidateVerdict> Candidates);
