namespace BuildFarm.Contracts;

/// <summary>Published by an agent on a timer; three missed ones mark it offline.</summary>
public record AgentHeartbeat(AgentInfo Agent, DateTimeOffset At);
