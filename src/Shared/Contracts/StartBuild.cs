namespace BuildFarm.Contracts;

/// <summary>Sent by the scheduler to one agent's own queue. <paramref name="Attempt"/> grows each time the build is requeued,
/// so events from an abandoned attempt can be told apart and ignored. <paramref name="Commit"/> is the commit the ref
/// named when the build was planned, so the agent builds what was planned even if the branch has moved since.
/// <paramref name="Keys"/> is the predicted cache-key chain of the stages the target needs (null when the build could
/// not be planned): the agent tags each step event with its key and keeps the keys in its cache inventory.
/// <paramref name="Pins"/> are a release build's bases with the digests their tags named at submit: the agent checks
/// each tag still names its digest before and after building, and fails the build if one moved (null or empty for
/// everyday builds).</summary>
public record StartBuild(Guid BuildId, int Attempt, BuildSpec Spec, string? Commit = null, IReadOnlyList<StepKey>? Keys = null,
    IReadOnlyList<BasePin>? Pins = null);
