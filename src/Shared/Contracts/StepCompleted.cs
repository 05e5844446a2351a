namespace BuildFarm.Contracts;

/// <summary>A Dockerfile step ended: cached, done, or failed with <paramref name="Error"/>. <paramref name="Key"/> is
/// the step's predicted cache key from <see cref="StartBuild.Keys"/>, when the build had a plan. Its output went ahead
/// of it as <see cref="StepLogged"/> batches.</summary>
public record StepCompleted(
    Guid BuildId,
    int Attempt,
    int Index,
    string? Stage,
    string Instruction,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    bool Cached,
    string? Error,
    string? Key = null);
