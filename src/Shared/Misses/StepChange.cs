using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Misses;

/// <summary>What changed in the step whose key the earlier plan does not have.</summary>
internal static class StepChange
{
    public static MissExplanation Classify(
        MissExplanation seed, PlanStep now, PlanStep? before, MissBuild build, MissBuild earlier, MissFacts facts)
    {
        if (before is null)
        {
            return InstructionChanged(seed, "", now.Instruction);
        }

        if (now.Kind == StepKind.Image && before.Kind == StepKind.Image && now.Instruction == before.Instruction)
        {
            var reference = now.Instruction["FROM ".Length..].Trim();
            var move = new BaseMove(reference, before.BaseDigest, now.BaseDigest, SeenAt(facts, reference, now.BaseDigest, earlier));
            return seed with { Cause = MissCauses.BaseMoved, Base = move, Detail = MissText.BaseMoved(move) };
        }

        var args = ArgChanges(build.BuildArgs, earlier.BuildArgs);
        if (now.Instruction != before.Instruction)
        {
            // An arg the instruction expands shows up in its text: the arg, not the Dockerfile, is what changed.
            var expanded = args.Where(a => a.New is { Length: > 0 } n && now.Instruction.Contains(n, StringComparison.Ordinal)
                && (a.Old is not { Length: > 0 } o || before.Instruction.Contains(o, StringComparison.Ordinal))).ToList();
            return expanded.Count > 0 ? ArgChanged(seed, expanded) : InstructionChanged(seed, before.Instruction, now.Instruction);
        }

        if (now.Files is { } files && before.Files is { } earlierFiles)
        {
            var changed = ChangedPaths(files, earlierFiles);
            var capped = now.FilesCapped() || before.FilesCapped();
            if (changed.Count > 0 || (capped && args.Count == 0))
            {
                return seed with { Cause = MissCauses.FilesChanged, Files = changed, FilesCapped = capped, Detail = MissText.FilesChanged(changed, capped) };
            }
        }
        else if (now.Keyword is "COPY" or "ADD" && args.Count == 0)
        {
            // A plan stored before files were recorded: the files are the one input left to differ.
            return seed with { Cause = MissCauses.FilesChanged, Detail = MissText.FilesChanged([], capped: false) };
        }

        return args.Count > 0
            ? ArgChanged(seed, args)
            : seed with { Cause = MissCauses.Unknown, Detail = MissText.KeyChanged(now.Instruction) };
    }

    static MissExplanation InstructionChanged(MissExplanation seed, string old, string now)
    {
        var change = new TextChange(old, now);
        return seed with { Cause = MissCauses.InstructionChanged, Instruction = change, Detail = MissText.InstructionChanged(change) };
    }

    static MissExplanation ArgChanged(MissExplanation seed, IReadOnlyList<ArgChange> args) =>
        seed with { Cause = MissCauses.BuildArgChanged, BuildArgs = args, Detail = MissText.BuildArgChanged(args) };

    static List<ArgChange> ArgChanges(IReadOnlyDictionary<string, string> now, IReadOnlyDictionary<string, string> before) =>
        now.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
            .Select(name => new ArgChange(name, before.GetValueOrDefault(name), now.GetValueOrDefault(name)))
            .Where(a => a.Old != a.New)
            .ToList();

    static List<string> ChangedPaths(IReadOnlyDictionary<string, string> now, IReadOnlyDictionary<string, string> before) =>
        now.Keys.Union(before.Keys)
            .Where(path => now.GetValueOrDefault(path) != before.GetValueOrDefault(path))
            .Order(StringComparer.Ordinal)
            .ToList();

    // The tag history keeps the tag's digest, which for a multi-platform image is not the platform digest the plan
    // holds: failing an exact match, the first digest seen after the earlier build was queued is the move.
    static DateTimeOffset? SeenAt(MissFacts facts, string reference, string? digest, MissBuild earlier)
    {
        var history = facts.BaseHistory.Where(h => h.Reference == reference).OrderBy(h => h.FirstSeenAt).ToList();
        return history.FirstOrDefault(h => h.Digest == digest)?.FirstSeenAt
            ?? history.FirstOrDefault(h => h.FirstSeenAt > earlier.QueuedAt)?.FirstSeenAt;
    }
}
