namespace BuildFarm.Contracts;

/// <summary>The latest lines a running step printed (a rolling tail, not a delta: applying it twice is harmless).</summary>
public record StepLogged(Guid BuildId, int Attempt, int Index, IReadOnlyList<string> Tail);
