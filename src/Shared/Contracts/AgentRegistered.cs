namespace BuildFarm.Contracts;

/// <summary>Published by an agent when it starts.</summary>
public record AgentRegistered(AgentInfo Agent, DateTimeOffset At);
