namespace BuildFarm.Contracts;

/// <summary>A Dockerfile step began. <paramref name="Index"/> is the step's position in the build's own order (0-based,
/// stable across redeliveries), <paramref name="Stage"/> the stage name or index as BuildKit names it.
/// <paramref name="Key"/> is the step's planned cache key, as on <see cref="StepCompleted"/>: sent from the start so the
/// build page matches a running step to its planned row by key, not by a name BuildKit may have expanded (ENV, ARG).
/// Additive: older agents send none.</summary>
public record StepStarted(Guid BuildId, int Attempt, int Index, string? Stage, string Instruction, DateTimeOffset StartedAt, string? Key = null);
