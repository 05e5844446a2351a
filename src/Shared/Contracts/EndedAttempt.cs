namespace BuildFarm.Contracts;

/// <summary>An attempt an agent ended, named in its reports while its result may still be on the way to the scheduler.</summary>
public record EndedAttempt(Guid BuildId, int Attempt);
