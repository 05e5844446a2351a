using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>What a cached step spared its build: how long the same cache key took the last time it really ran.
/// Stored on the step when it completes, so the insights add stored numbers instead of searching history per step.</summary>
static class SavedTime
{
    /// <summary>Null for a step that ran, for FROM (BuildKit's cached flag on it says nothing: it reads CACHED on a
    /// first build too, and the farm's cache-hit counts leave it out), and for a key never seen running.</summary>
    public static async Task<long?> OfAsync(FarmDbContext db, BuildStep step, CancellationToken ct)
    {
        if (!step.Cached || step.Key is null || step.Instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
            return null;
        var key = step.Key;
        return await db.BuildSteps.AsNoTracking()
            .Where(s => s.Key == key && !s.Cached && s.Status == StepStatus.Done && s.DurationMs != null)
            .OrderByDescending(s => s.CompletedAt)
            .Select(s => s.DurationMs)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The build's attempt's saved time in all; its steps' completions travel ahead of its end on one queue.</summary>
    public static async Task<long> OfAttemptAsync(FarmDbContext db, Build build, CancellationToken ct) =>
        await db.BuildSteps.Where(s => s.BuildId == build.Id && s.Attempt == build.Attempt && s.SavedMs != null)
            .SumAsync(s => s.SavedMs, ct) ?? 0;
}
