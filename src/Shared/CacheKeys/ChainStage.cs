namespace BuildFarm.Shared.CacheKeys;

/// <summary>A stage the target needs, with the predicted key of its FROM and of every instruction.</summary>
public sealed record ChainStage
{
    /// <summary>The stage's 0-based position in the Dockerfile.</summary>
    public required int Index { get; init; }

    /// <summary>The stage's name (lower case), or null when unnamed.</summary>
    public string? Name { get; init; }

    /// <summary>"builder" for named stages, "stage-1" otherwise, as BuildKit names them.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The FROM reference after ARG expansion: an image, "scratch", or an earlier stage's name.</summary>
    public required string Base { get; init; }

    /// <summary>The stage it is built on, or null when it starts from an image.</summary>
    public int? BaseStageIndex { get; init; }

    /// <summary>The platform the stage is built for: its <c>--platform</c>, else the build's target platform.</summary>
    public required string Platform { get; init; }

    /// <summary>The base image's platform manifest digest ("sha256:…") when it was resolved; null otherwise.</summary>
    public string? BaseDigest { get; init; }

    /// <summary>False when the base image's digest is unknown, so its key is derived from the reference's text and
    /// will change once the digest is resolved. True for scratch, and for a stage built on a stage whose base is known.</summary>
    public required bool BaseDigestKnown { get; init; }

    /// <summary>The FROM (index 0) and the instructions, in order.</summary>
    public required IReadOnlyList<ChainStep> Steps { get; init; }

    /// <summary>The key of the last step: what <c>FROM stage</c> and <c>COPY --from=stage</c> chain on.</summary>
    public string FinalKey => Steps[^1].Key;

    /// <summary>True when every key of the stage is predictable.</summary>
    public bool Predictable => Steps[^1].Predictable;
}
