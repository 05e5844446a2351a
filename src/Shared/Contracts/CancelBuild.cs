namespace BuildFarm.Contracts;

/// <summary>Sent by the scheduler to the agent that holds an attempt: stop it if it runs, never start it if it waits.
/// Also how a superseded attempt is fenced off after its build moved to another agent.</summary>
/// <param name="BuildId">The build.</param>
/// <param name="Attempt">The attempt to stop; a later attempt of the same build is left alone.</param>
/// <param name="Reason">Why, for the agent's log ("superseded by attempt 2 on gpu-3"); null for a user's cancel.</param>
public record CancelBuild(Guid BuildId, int Attempt, string? Reason = null);
