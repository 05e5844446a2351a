namespace BuildFarm.Contracts;

/// <summary>Sent by the scheduler to one agent's own queue. <paramref name="Attempt"/> grows each time the build is requeued,
/// so events from an abandoned attempt can be told apart and ignored. <paramref name="Commit"/> is the commit the ref
/// named when the build was planned, so the agent builds what was planned even if the branch has moved since.</summary>
public record StartBuild(Guid BuildId, int Attempt, BuildSpec Spec, string? Commit = null);
