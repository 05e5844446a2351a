namespace BuildFarm.Contracts;

/// <summary>Asked by an agent of the scheduler just before it starts an attempt: is this still the build's current
/// attempt? A StartBuild that waited in the agent's queue while the build moved elsewhere must not run.</summary>
public record CheckAttempt(Guid BuildId, int Attempt, string AgentId);
