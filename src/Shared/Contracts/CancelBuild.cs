namespace BuildFarm.Contracts;

/// <summary>Sent by the scheduler to the agent running the build.</summary>
public record CancelBuild(Guid BuildId, int Attempt);
