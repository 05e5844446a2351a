using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Scores what placement predicted for a finished attempt against what BuildKit reported step by step, and corrects
/// the farm's picture of the agent's cache where the build proved it wrong.
/// </summary>
static class PredictionCheck
{
    public static async Task ScoreAsync(FarmDbContext db, Build build, string agentId, bool succeeded, CancellationToken ct)
    {
        if (build.PlanJson is null || JsonSerializer.Deserialize<BuildPlan>(build.PlanJson, Placer.Json) is not { } plan)
            return;
        // A build that succeeded left its whole chain on the agent, built or reused. Recorded here rather than left to
        // the agent's report, which travels behind this message: the next build may be placed before it lands.
        if (succeeded)
            await CacheInventory.AddAsync(db, agentId,
                plan.Steps.Select(s => s.Key).Concat(plan.Steps.Where(s => s.BaseDigest is not null).Select(s => s.BaseDigest!)), ct);
        // A no-cache build runs every step wherever it goes: a step that ran proves nothing about the agent's cache.
        if (build.PredictedKeysJson is null || build.NoCache)
            return;
        var predicted = (JsonSerializer.Deserialize<List<string>>(build.PredictedKeysJson, Placer.Json) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        // The steps placement predicts for: instructions after FROM (BuildKit's CACHED on a FROM means nothing).
        var scored = plan.Steps.Where(s => s.Kind == StepKind.Instruction).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        // Only steps of this attempt that reached an end.
        var steps = await db.BuildSteps.AsNoTracking()
            .Where(s => s.BuildId == build.Id && s.Attempt == build.Attempt && s.Key != null && s.CompletedAt != null)
            .Select(s => new { s.Key, s.Cached, s.Status })
            .ToListAsync(ct);
        var outcomes = steps.Where(s => scored.Contains(s.Key!))
            .Select(s => new StepOutcome(s.Key!, s.Cached, s.Status == StepStatus.Failed)).ToList();
        var score = PredictionScore.Score(predicted, outcomes);
        build.PredictionHits = score.Hits;
        build.PredictionFalseHits = score.FalseHits;
        build.PredictionMisses = score.Misses;

        var (add, remove) = PredictionScore.Corrections(predicted, outcomes);
        await CacheInventory.RemoveAsync(db, agentId, remove, ct);
        if (!succeeded)
            await CacheInventory.AddAsync(db, agentId, add, ct);
    }
}
