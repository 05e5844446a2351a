namespace BuildFarm.Contracts;

/// <summary>A Dockerfile step began. <paramref name="Index"/> is the step's position in the build's own order (0-based,
/// stable across redeliveries), <paramref name="Stage"/> the stage name or index as BuildKit names it.</summary>
public record StepStarted(Guid BuildId, int Attempt, int Index, string? Stage, string Instruction, DateTimeOffset StartedAt);
