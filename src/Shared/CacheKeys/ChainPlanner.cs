using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>Computes stage chains on demand, each once, so a stage that several others build on or copy from is
/// planned a single time whatever the order it is reached in.</summary>
internal sealed class ChainPlanner
{
    private readonly IReadOnlyList<DockerfileStage> _stages;
    private readonly IReadOnlyDictionary<string, string> _buildArgs;
    private readonly BaseDigests _digests;
    private readonly StepPlanner _steps;
    private readonly Dictionary<int, ChainStage> _planned = [];
    private readonly HashSet<int> _planning = [];

    public ChainPlanner(
        IReadOnlyList<DockerfileStage> stages,
        IReadOnlyDictionary<string, string> buildArgs,
        Func<string, string?> baseDigest,
        IReadOnlyList<ContextFile>? files)
    {
        _stages = stages;
        _buildArgs = buildArgs;
        _digests = new BaseDigests(baseDigest);
        _steps = new StepPlanner(buildArgs, files, _digests, Plan);
    }

    public IReadOnlyList<string> Unresolved => _digests.Unresolved;

    public ChainStage Plan(int index)
    {
        if (_planned.TryGetValue(index, out var done))
        {
            return done;
        }

        // The parser refuses circular stage references; this guard only keeps a bad ParseResult from recursing forever.
        if (!_planning.Add(index))
        {
            throw new InvalidOperationException($"circular dependency detected on stage: {_stages[index].DisplayName}");
        }

        var stage = _stages[index];
        var from = PlanFrom(stage);
        var steps = new List<ChainStep> { from.Step };
        foreach (var step in stage.Steps)
        {
            steps.Add(_steps.Plan(step, steps.Count, steps[^1]));
        }

        var planned = new ChainStage
        {
            Index = stage.Index,
            Name = stage.Name,
            DisplayName = stage.DisplayName,
            Base = stage.BaseReference,
            BaseStageIndex = stage.BaseStageIndex,
            Platform = PlatformOf(stage),
            BaseDigest = from.Digest,
            BaseDigestKnown = from.DigestKnown,
            Steps = steps,
        };
        _planning.Remove(index);
        _planned[index] = planned;
        return planned;
    }

    private (ChainStep Step, string? Digest, bool DigestKnown) PlanFrom(DockerfileStage stage)
    {
        var step = new ChainStep
        {
            Index = 0,
            Line = stage.Line,
            Keyword = "FROM",
            Instruction = $"FROM {stage.BaseReference}",
            Key = "",
            HasVertex = true,
        };
        if (stage.BaseStageIndex is { } parentIndex)
        {
            var parent = Plan(parentIndex);
            return (step with { Key = parent.FinalKey, Predictable = parent.Predictable, SourceStages = [parentIndex] }, null, parent.BaseDigestKnown);
        }

        var platform = PlatformOf(stage);
        if (stage.IsScratch)
        {
            return (step with { Key = KeyHasher.Hash("from", "scratch", platform) }, null, true);
        }

        if (_digests.Find(stage.BaseReference) is { } digest)
        {
            return (step with { Key = DigestKey.Of(digest) }, digest, true);
        }

        return (step with { Key = KeyHasher.Hash("from", "reference", stage.BaseReference, platform) }, null, false);
    }

    private string PlatformOf(DockerfileStage stage) =>
        stage.Platform
        ?? (_buildArgs.TryGetValue("TARGETPLATFORM", out var target) && !string.IsNullOrWhiteSpace(target) ? target : null)
        ?? DockerfileParser.DefaultPlatform;
}
