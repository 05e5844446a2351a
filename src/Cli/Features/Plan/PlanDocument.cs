using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Cli.Features.Plan;

// The JSON of `farmctl plan --json`. Field names are a documented interface (README.md): add fields, never rename.

/// <summary>A plan as printed.</summary>
sealed record PlanDocument(
    string Dockerfile,
    string? Target,
    int TargetIndex,
    string FinalKey,
    bool Predictable,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyList<StageDocument> Stages,
    IReadOnlyList<string> Unresolved,
    ContextDocument? Context,
    IReadOnlyList<LineMessage> Warnings)
{
    public static PlanDocument From(string dockerfile, IReadOnlyDictionary<string, string> args, ParseResult parsed, KeyChain plan, ContextScan? scan)
    {
        var names = parsed.Stages.ToDictionary(s => s.Index, s => s.DisplayName);
        return new PlanDocument(
            dockerfile,
            plan.Target!.Name,
            plan.TargetIndex,
            plan.FinalKey!,
            plan.Predictable,
            new SortedDictionary<string, string>(args.ToDictionary(), StringComparer.Ordinal),
            plan.Stages.Select(s => StageDocument.From(s, names)).ToArray(),
            plan.UnresolvedReferences,
            scan is null ? null : ContextDocument.From(scan),
            parsed.Warnings.Select(w => new LineMessage(w.Line, w.Message)).ToArray());
    }
}

/// <summary>A stage the target needs.</summary>
sealed record StageDocument(
    int Index,
    string? Name,
    string Base,
    int? BaseStage,
    string Platform,
    string? BaseDigest,
    bool BaseDigestKnown,
    string FinalKey,
    IReadOnlyList<StepDocument> Steps)
{
    public static StageDocument From(ChainStage stage, IReadOnlyDictionary<int, string> names) => new(
        stage.Index, stage.Name, stage.Base, stage.BaseStageIndex, stage.Platform, stage.BaseDigest, stage.BaseDigestKnown,
        stage.FinalKey, stage.Steps.Select(s => StepDocument.From(s, names)).ToArray());
}

/// <summary>One link of the chain; index 0 is the stage's FROM.</summary>
sealed record StepDocument(int Index, int Line, string Instruction, string Key, bool Predictable, bool Unhashed, SourcesDocument Sources)
{
    public static StepDocument From(ChainStep step, IReadOnlyDictionary<int, string> names) => new(
        step.Index, step.Line, step.Instruction, step.Key, step.Predictable, step.Unhashed,
        new SourcesDocument(step.SourceCount, step.SourcesHashed, step.MissingSources, step.SourceStages.Select(i => names[i]).ToArray()));
}

/// <summary>What went into a step's key besides its text: context files, missing sources, other stages.</summary>
sealed record SourcesDocument(int Count, IReadOnlyList<string> Files, IReadOnlyList<string> Missing, IReadOnlyList<string> Stages);

/// <summary>The build context as BuildKit will receive it.</summary>
sealed record ContextDocument(string Path, string? Dockerignore, IReadOnlyList<string> Files, long Bytes, ExcludedDocument Excluded)
{
    public static ContextDocument From(ContextScan scan) => new(
        scan.Root, scan.IgnoreFile, scan.Snapshot.Files.Select(f => f.Path).ToArray(), scan.Snapshot.Bytes,
        new ExcludedDocument(scan.ExcludedCount, scan.ExcludedBytes));
}

/// <summary>What .dockerignore left out.</summary>
sealed record ExcludedDocument(int Count, long Bytes);

/// <summary>An error or warning; Line is null when it belongs to no line (an unknown target).</summary>
sealed record LineMessage(int? Line, string Message);

/// <summary>What `plan --json` prints instead of a plan when it exits 1.</summary>
sealed record PlanErrors(IReadOnlyList<LineMessage> Errors);
