namespace BuildFarm.Contracts;

/// <summary>Web's answer to <see cref="GetPushCredentials"/> when the asking agent may not have them, and why ("the
/// build is on attempt 3, on gpu-2"): the agent fails the build with the reason instead of pushing.</summary>
public record PushCredentialsRefused(Guid BuildId, int Attempt, string Reason);
