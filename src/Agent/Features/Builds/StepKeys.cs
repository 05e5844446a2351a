using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Which predicted key a BuildKit step stands for. BuildKit names a step by its stage label and its number in
/// the stage (<c>[builder 3/6]</c>); the plan names the same step by <see cref="StepKey.Stage"/> and
/// <see cref="StepKey.Vertex"/>.</summary>
public sealed class StepKeys(IReadOnlyList<StepKey>? keys)
{
    // BuildKit labels steps only when the Dockerfile has more than one stage, and a lone stage is the target, which the
    // plan lists last.
    readonly string? _unlabelled = keys is { Count: > 0 } ? keys[^1].Stage : null;

    /// <summary>The key of step <paramref name="number"/> of <paramref name="stage"/> (null: BuildKit gave no label),
    /// or null when the build has no plan or the plan has no such step.</summary>
    public string? Find(string? stage, int number)
    {
        if (keys is null)
            return null;
        var label = stage ?? _unlabelled;
        // Stage names are case-insensitive and BuildKit shows them lower-cased.
        return keys.FirstOrDefault(k => k.Vertex == number && string.Equals(k.Stage, label, StringComparison.OrdinalIgnoreCase))?.Key;
    }
}
