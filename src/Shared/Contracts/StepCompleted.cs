namespace BuildFarm.Contracts;

/// <summary>A Dockerfile step ended: cached, done, or failed with <paramref name="Error"/>. <paramref name="Key"/> is
/// the step's predicted cache key from <see cref="StartBuild.Keys"/>, when the build had a plan.</summary>
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
    IReadOnlyList<string> LogTail,
    string? Key = null);
