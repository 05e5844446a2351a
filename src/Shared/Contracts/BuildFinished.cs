namespace BuildFarm.Contracts;

/// <summary>Published by an agent when an attempt ends, whatever the outcome. <paramref name="Error"/> is the engine's
/// own text; <paramref name="FailedStep"/> the step index that failed, when one did; <paramref name="Check"/> how the
/// build's check went, when it had one.</summary>
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
    CheckResult? Check = null);
