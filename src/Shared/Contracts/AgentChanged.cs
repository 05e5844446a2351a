namespace BuildFarm.Contracts;

/// <summary>Published by the scheduler after it has stored a change to an agent.</summary>
public record AgentChanged(string AgentId, string Status);
