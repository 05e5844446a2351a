namespace BuildFarm.Contracts;

/// <summary>Published by an agent when it starts.</summary>
/// <param name="Agent">What it says about itself.</param>
/// <param name="At">When, on its clock.</param>
/// <param name="JoinToken">The join token it was configured with (Agent:JoinToken): a valid one approves the agent;
/// null from agents without one, or older than the field, which are listed as pending.</param>
public record AgentRegistered(AgentInfo Agent, DateTimeOffset At, string? JoinToken = null);
