using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Misses;

/// <summary>
/// Why did this build miss? Compares a finished build with the previous successful build of the same repository,
/// Dockerfile, context and target: the first step BuildKit ran instead of reusing is traced back through the plans to
/// the step whose inputs changed (a base digest, the text, a build arg, the copied files), or, when nothing changed,
/// to where the cache was (another agent, or pruned). Pure: the caller loads both builds and the facts.
/// </summary>
public static class MissAnalysis
{
    /// <summary>Explains the build's first cache miss.</summary>
    /// <param name="build">The build, finished.</param>
    /// <param name="earlier">The previous successful build of the same repository, Dockerfile, context and target;
    /// null when there is none.</param>
    /// <param name="facts">Placement's verdicts, cache drops and holdings, and base tag history.</param>
    /// <returns>The explanation.</returns>
    public static MissExplanation Explain(MissBuild build, MissBuild? earlier, MissFacts facts)
    {
        var missed = build.Steps.Where(s => !s.IsFrom && !s.Cached).OrderBy(s => s.Index).ToList();
        var first = missed.Count == 0 ? null : new MissedStep(missed[0].Index, missed[0].Instruction);
        var seed = new MissExplanation(MissCauses.None, first, earlier?.Id, "", [], earlier is null ? 0 : SecondsLost(build, earlier, missed))
        {
            ComparedCommit = earlier?.Commit,
        };
        if (build.NoCache)
        {
            return seed with { Cause = MissCauses.NoCache, Detail = MissText.NoCache() };
        }

        if (missed.Count == 0)
        {
            return seed with { Cause = MissCauses.None, Detail = MissText.None() };
        }

        if (earlier is null)
        {
            return seed with { Cause = MissCauses.FirstBuild, Detail = MissText.FirstBuild() };
        }

        if (build.Plan is not { Steps.Count: > 0 } plan || earlier.Plan is not { Steps.Count: > 0 } earlierPlan
            || ChainDivergence.Locate(plan, missed[0]) is not { } at)
        {
            return seed with { Cause = MissCauses.Unknown, Detail = MissText.Unplanned() };
        }

        var earlierKeys = earlierPlan.Steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return ChainDivergence.Find(plan, earlierKeys, at) is { } changed
            ? StepChange.Classify(seed, plan.Steps[changed], ChainDivergence.Counterpart(earlierPlan, plan.Steps[changed]), build, earlier, facts)
            : CacheWhereabouts.Classify(seed, ChainDivergence.Ancestry(plan, at), plan.Steps[at].Key, build, earlier, facts);
    }

    /// <summary>Each step that ran now, at what its counterpart cost the earlier build: its own time when it ran,
    /// the time it saved when it was cached.</summary>
    static double SecondsLost(MissBuild build, MissBuild earlier, IReadOnlyList<MissStep> missed)
    {
        long ms = 0;
        foreach (var step in missed)
        {
            if (EarlierStep(build, earlier, step) is { } then)
            {
                ms += then.Cached ? then.SavedMs ?? 0 : then.DurationMs ?? 0;
            }
        }

        return Math.Round(ms / 1000.0, 1);
    }

    static MissStep? EarlierStep(MissBuild build, MissBuild earlier, MissStep step)
    {
        if (build.Plan is { } plan && earlier.Plan is { } earlierPlan && ChainDivergence.Locate(plan, step) is { } at
            && ChainDivergence.Counterpart(earlierPlan, plan.Steps[at]) is { } counterpart
            && earlier.Steps.FirstOrDefault(s => s.Key == counterpart.Key) is { } byKey)
        {
            return byKey;
        }

        return earlier.Steps.FirstOrDefault(s => s.Instruction == step.Instruction && s.Stage == step.Stage);
    }
}
