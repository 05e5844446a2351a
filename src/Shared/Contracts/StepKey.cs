namespace BuildFarm.Contracts;

/// <summary>
/// One step of a build's predicted cache-key chain, named the way BuildKit names its vertex, so an agent can tell which
/// key each step it runs stands for.
/// </summary>
/// <param name="Stage">The stage as BuildKit labels it: its name ("builder"), else "stage-N".</param>
/// <param name="Step">The step's place in its stage: 0 for FROM, then 1, 2, … for each instruction, vertex or not.</param>
/// <param name="Vertex">BuildKit's step number in the stage (the 3 of <c>[builder 3/6]</c>); null for instructions that
/// only change the image config (ENV, ARG, LABEL, …) and so have no vertex.</param>
/// <param name="Key">The predicted key: 64 hex digits, or the base digest for a FROM of a resolved image.</param>
public record StepKey(string Stage, int Step, int? Vertex, string Key);
