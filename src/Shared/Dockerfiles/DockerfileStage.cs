namespace BuildFarm.Shared.Dockerfiles;

/// <summary>A build stage: a FROM line and the steps up to the next FROM.</summary>
public sealed record DockerfileStage
{
    /// <summary>The 0-based position among the stages, as <c>COPY --from=0</c> counts them.</summary>
    public required int Index { get; init; }

    /// <summary>The name given by <c>AS name</c>, lower-cased (stage names are case-insensitive), or null.</summary>
    public string? Name { get; init; }

    /// <summary>The 1-based line of the FROM instruction.</summary>
    public required int Line { get; init; }

    /// <summary>The base as written on the FROM line, before expansion (e.g. "pytorch/pytorch:${TAG}").</summary>
    public required string BaseText { get; init; }

    /// <summary>The base after expanding global ARGs: an image reference (tag and/or digest as written),
    /// "scratch", or the name of an earlier stage (then <see cref="BaseStageIndex"/> is set).</summary>
    public required string BaseReference { get; init; }

    /// <summary>The index of the earlier stage this one is built on, or null when it starts from an image.</summary>
    public int? BaseStageIndex { get; init; }

    /// <summary>The <c>--platform</c> value after expansion, or null when the build's target platform applies.</summary>
    public string? Platform { get; init; }

    /// <summary>The stage's instructions after FROM, in order.</summary>
    public required IReadOnlyList<DockerfileStep> Steps { get; init; }

    /// <summary>True when the stage starts from the empty image.</summary>
    public bool IsScratch => BaseStageIndex is null && BaseReference == "scratch";

    /// <summary>"builder" for named stages, "stage-1" otherwise, as BuildKit names them.</summary>
    public string DisplayName => Name ?? $"stage-{Index}";
}
