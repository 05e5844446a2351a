namespace BuildFarm.Contracts;

/// <summary>Published by an agent when an attempt ends, whatever the outcome. <paramref name="Error"/> is the engine's
/// own text; <paramref name="FailedStep"/> the step index that failed, when one did; <paramref name="Check"/> how the
/// build's check went, when it had one; <paramref name="Pushed"/> the tags a pushing build sent to their registries,
/// with their digests (null when it pushed nothing; additive: older agents send none).</summary>
public record BuildFinished(
    Guid BuildId,
    int Attempt,
    string AgentId,
    BuildOutcome Outcome,
    string? ImageId,
    long? ImageSizeBytes,
    long DurationMs,
    int StepsCached,
    int StepsTotal,
    string? Error,
    int? FailedStep,
    DateTimeOffset FinishedAt,
    CheckResult? Check = null,
    IReadOnlyList<PushedTag>? Pushed = null);
