namespace BuildFarm.Contracts;

/// <summary>Lines a step printed since its previous <see cref="StepLogged"/>: a delta, never a rolling tail.
/// <paramref name="Seq"/> counts from 0 for each step of each attempt, so the pair (step, seq) names the batch and a
/// redelivered batch is recognised and stored once. A step's batches travel ahead of its <see cref="StepCompleted"/>
/// on the same ordered queue; the last one carries the line the step left unfinished, if any.</summary>
public record StepLogged(Guid BuildId, int Attempt, int Index, int Seq, IReadOnlyList<string> Lines);
