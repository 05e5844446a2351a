using BuildFarm.Shared.Bases;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;

namespace BuildFarm.Shared.Alerts;

/// <summary>How one step of a build ended.</summary>
/// <param name="Index">The step's position in the build.</param>
/// <param name="Instruction">The Dockerfile instruction as BuildKit named it.</param>
/// <param name="Status">One of <see cref="StepStatus"/>.</param>
public sealed record StepOutcome(int Index, string Instruction, string Status);

/// <summary>What differed between a failed build and the earlier build of the same commit that got past the step.</summary>
/// <param name="BasesNow">Base tag → digest the failed build was planned on.</param>
/// <param name="BasesBefore">Base tag → digest the earlier build was planned on.</param>
/// <param name="AgentNow">The failed build's agent.</param>
/// <param name="AgentBefore">The earlier build's agent.</param>
/// <param name="MissCause">Why the failed build missed the cache (a word of the miss causes), when known.</param>
/// <param name="MissDetail">The miss explanation's detail, when known.</param>
public sealed record RegressionEvidence(
    IReadOnlyDictionary<string, string> BasesNow,
    IReadOnlyDictionary<string, string> BasesBefore,
    string? AgentNow,
    string? AgentBefore,
    string? MissCause,
    string? MissDetail);

/// <summary>The "a step that passed now fails" alert rule.</summary>
public static class StepRegression
{
    /// <summary>The first failed step of <paramref name="failed"/> that the earlier build ran or took from its cache
    /// with the same instruction at the same place; null when none did.</summary>
    public static StepOutcome? FirstRegressed(IReadOnlyList<StepOutcome> failed, IReadOnlyList<StepOutcome> previous)
    {
        var passed = previous.Where(s => s.Status is StepStatus.Done or StepStatus.Cached)
            .ToDictionary(s => s.Index, s => s.Instruction);
        return failed.Where(s => s.Status == StepStatus.Failed).OrderBy(s => s.Index)
            .FirstOrDefault(s => passed.TryGetValue(s.Index, out var instruction) && instruction == s.Instruction);
    }

    /// <summary>The likeliest reason, most telling first: a base tag that moved between the builds, then a cache miss
    /// that made the step run for real, then another agent; with none of those the step itself is flaky.</summary>
    public static string LikelyCause(RegressionEvidence e)
    {
        foreach (var (reference, digest) in e.BasesNow.OrderBy(b => b.Key, StringComparer.Ordinal))
            if (e.BasesBefore.TryGetValue(reference, out var before) && before != digest)
                return $"The base tag {reference} moved between the two builds ({BaseDrift.Short(before)} → {BaseDrift.Short(digest)}): the step now runs on another image.";
        if (e.MissCause is { } cause && cause != MissCauses.None)
            return $"This build missed the cache ({cause}{(string.IsNullOrWhiteSpace(e.MissDetail) ? "" : $": {e.MissDetail}")}), so the step ran for real where it was passed before.";
        if (e.AgentNow is not null && e.AgentBefore is not null && e.AgentNow != e.AgentBefore)
            return $"It ran on {e.AgentNow}; the build that passed ran on {e.AgentBefore}: look at that agent (disk, network, GPU driver).";
        return "Flaky: the same commit, the same base digests and the same agent passed this step before, so the step depends on something outside the build (network, time, randomness).";
    }
}
