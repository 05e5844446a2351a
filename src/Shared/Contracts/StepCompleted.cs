namespace BuildFarm.Contracts;

/// <summary>A Dockerfile step ended: cached, done, or failed with <paramref name="Error"/>.</summary>
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
    IReadOnlyList<string> LogTail);
