using System.Text.RegularExpressions;
using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>Computes stage chains on demand, each once, so a stage that several others build on or copy from is
/// planned a single time whatever the order it is reached in.</summary>
internal sealed partial class ChainPlanner(
    IReadOnlyList<DockerfileStage> stages,
    IReadOnlyDictionary<string, string> buildArgs,
    Func<string, string?> baseDigest,
    IReadOnlyList<ContextFile>? files)
{
    private static readonly HashSet<string> VertexKeywords = ["RUN", "COPY", "ADD", "WORKDIR"];

    private readonly Dictionary<int, PlannedStage> _planned = [];
    private readonly HashSet<int> _planning = [];
    private readonly List<string> _unresolved = [];
    private readonly Dictionary<string, string?> _digests = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Unresolved => _unresolved;

    public PlannedStage Plan(int index)
    {
        if (_planned.TryGetValue(index, out var done))
        {
            return done;
        }

        // The parser refuses circular stage references; this guard only keeps a bad ParseResult from recursing forever.
        if (!_planning.Add(index))
        {
            throw new InvalidOperationException($"circular dependency detected on stage: {stages[index].DisplayName}");
        }

        var stage = stages[index];
        var from = PlanFrom(stage);
        var steps = new List<PlannedStep> { from.Step };
        foreach (var step in stage.Steps)
        {
            steps.Add(PlanStep(step, steps.Count, steps[^1]));
        }

        var planned = new PlannedStage
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

    private (PlannedStep Step, string? Digest, bool DigestKnown) PlanFrom(DockerfileStage stage)
    {
        var step = new PlannedStep
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
            return (step with { Key = Hash("from", "scratch", platform) }, null, true);
        }

        if (Digest(stage.BaseReference) is { } digest)
        {
            return (step with { Key = KeyOfDigest(digest) }, digest, true);
        }

        return (step with { Key = Hash("from", "reference", stage.BaseReference, platform) }, null, false);
    }

    private string? Digest(string reference)
    {
        if (!_digests.TryGetValue(reference, out var digest))
        {
            var resolved = baseDigest(reference);
            digest = string.IsNullOrWhiteSpace(resolved) ? null : resolved.Trim();
            _digests[reference] = digest;
            if (digest is null)
            {
                _unresolved.Add(reference);
            }
        }

        return digest;
    }

    // A sha256 digest is itself the key, so an agent's list of base digests and its list of keys speak the same words.
    private static string KeyOfDigest(string digest)
    {
        var match = Sha256Digest().Match(digest);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : Hash("from", "digest", digest);
    }

    private string PlatformOf(DockerfileStage stage) =>
        stage.Platform
        ?? (buildArgs.TryGetValue("TARGETPLATFORM", out var target) && !string.IsNullOrWhiteSpace(target) ? target : null)
        ?? DockerfileParser.DefaultPlatform;

    private static string Hash(string kind, params string[] items)
    {
        using var hasher = new KeyHasher(kind);
        foreach (var item in items)
        {
            hasher.Text(item);
        }

        return hasher.Finish();
    }

    [GeneratedRegex("^sha256:([0-9a-fA-F]{64})$")]
    private static partial Regex Sha256Digest();
}
