namespace BuildFarm.Contracts;

/// <summary>Published by an agent on a timer; three missed ones mark it offline.</summary>
/// <param name="Agent">What it says about itself.</param>
/// <param name="At">When, on its clock.</param>
/// <param name="JoinToken">As on <see cref="AgentRegistered.JoinToken"/>: a registration published before the
/// scheduler's queue existed is lost, and the agent must still be able to join on its heartbeats.</param>
public record AgentHeartbeat(AgentInfo Agent, DateTimeOffset At, string? JoinToken = null);
