namespace BuildFarm.Contracts;

/// <summary>The scheduler's answer to <see cref="CheckAttempt"/>.</summary>
/// <param name="BuildId">The build asked about.</param>
/// <param name="Attempt">The attempt asked about.</param>
/// <param name="Current">True when the attempt is the build's current one, on this agent, and not over.</param>
/// <param name="Reason">Why not, when not ("the build is on attempt 3, on gpu-2").</param>
public record AttemptChecked(Guid BuildId, int Attempt, bool Current, string? Reason);
