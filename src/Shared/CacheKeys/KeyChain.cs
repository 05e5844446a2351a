namespace BuildFarm.Shared.CacheKeys;

/// <summary>The predicted cache-key chain of a build: the stages its target needs, in file order.</summary>
/// <remarks>The farm's words for plans: planning at submit predicts a build's <see cref="KeyChain"/> (its
/// <see cref="ChainStage"/>s and <see cref="ChainStep"/>s); the build's <c>BuildPlan</c> flattens it into the
/// <c>PlanStep</c>s placement scores; the agent gets each step's <c>StepKey</c> to match what BuildKit runs.</remarks>
public sealed record KeyChain
{
    /// <summary>The stages the target needs, in file order (stages the target does not reach are left out).</summary>
    public IReadOnlyList<ChainStage> Stages { get; init; } = [];

    /// <summary>The stage built: the <c>--target</c> stage, else the last stage; null when planning failed.</summary>
    public ChainStage? Target => Stages.Count == 0 ? null : Stages.First(s => s.Index == TargetIndex);

    /// <summary>The index of the target stage in the Dockerfile, or -1 when planning failed.</summary>
    public int TargetIndex { get; init; } = -1;

    /// <summary>Why no plan could be made: Dockerfile errors ("line 3: …"), an unknown target. Empty on success.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>True when the build was planned.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Image references (bases, <c>COPY --from</c> and mount images) whose digest was unknown, in first-use order.</summary>
    public IReadOnlyList<string> UnresolvedReferences { get; init; } = [];

    /// <summary>The key of the target stage's last step, the image the build produces; null when planning failed.</summary>
    public string? FinalKey => Target?.FinalKey;

    /// <summary>True when no key of any planned stage left build-context content out.</summary>
    public bool Predictable => Stages.All(s => s.Predictable);
}
