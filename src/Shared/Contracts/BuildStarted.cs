namespace BuildFarm.Contracts;

/// <summary>Published by an agent when it begins working on an attempt (before the source is fetched).</summary>
public record BuildStarted(Guid BuildId, int Attempt, string AgentId, DateTimeOffset StartedAt);
