using System.Text.Json;
using BuildFarm.Scheduler.Data;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Scores what placement predicted for a finished attempt against what BuildKit reported step by step, and corrects
/// the farm's picture of the agent's cache where the build proved it wrong.
/// </summary>
static class PredictionCheck
{
    public static async Task ScoreAsync(FarmDbContext db, Build build, string agentId, bool succeeded, DateTimeOffset at, CancellationToken ct)
    {
        // A build that succeeded left its whole chain on the agent, built or reused. Recorded here rather than left to
        // the agent's report, which travels behind this message: the next build may be placed before it lands.
        if (succeeded && build.PlanJson is not null && JsonSerializer.Deserialize<BuildPlan>(build.PlanJson, Placer.Json) is { } plan)
            await CacheInventory.TouchAsync(db, agentId,
                plan.Steps.Select(s => s.Key).Concat(plan.Steps.Where(s => s.BaseDigest is not null).Select(s => s.BaseDigest!)), at, ct);
        if (build.PredictedKeysJson is null)
            return;
        var predicted = (JsonSerializer.Deserialize<List<string>>(build.PredictedKeysJson, Placer.Json) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        // Only keyed steps of this attempt that reached an end; FROM is left out, as placement's prediction leaves it out.
        var steps = await db.BuildSteps.AsNoTracking()
            .Where(s => s.BuildId == build.Id && s.Attempt == build.Attempt && s.Key != null && s.CompletedAt != null)
            .Select(s => new { s.Key, s.Cached, s.Status, s.Instruction })
            .ToListAsync(ct);
        var outcomes = steps.Where(s => !s.Instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
            .Select(s => new StepOutcome(s.Key!, s.Cached, s.Status == "failed")).ToList();
        var score = PredictionScore.Score(predicted, outcomes);
        build.PredictionHits = score.Hits;
        build.PredictionFalseHits = score.FalseHits;
        build.PredictionMisses = score.Misses;

        var (add, remove) = PredictionScore.Corrections(predicted, outcomes);
        await CacheInventory.RemoveAsync(db, agentId, remove, ct);
        if (!succeeded)
            await CacheInventory.TouchAsync(db, agentId, add, at, ct);
    }
}
