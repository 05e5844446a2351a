namespace BuildFarm.Contracts;

/// <summary>Sent by the scheduler to one agent's own queue. <paramref name="Attempt"/> grows each time the build is requeued,
/// so events from an abandoned attempt can be told apart and ignored.</summary>
public record StartBuild(Guid BuildId, int Attempt, BuildSpec Spec);
