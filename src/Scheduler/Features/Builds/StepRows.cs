using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

static class StepRows
{
    /// <summary>The build an agent's step event may touch: it exists, the attempt is current and it is not over.</summary>
    public static Task<Build?> CurrentAttemptAsync(this FarmDbContext db, Guid buildId, int attempt, CancellationToken ct) =>
        db.Builds.FirstOrDefaultAsync(
            b => b.Id == buildId && b.Attempt == attempt
                 && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running), ct);

    /// <summary>The build a step's completion may touch: the attempt is current, whatever its status. A completion
    /// redelivered after its BuildFinished (a retry on the ordered queue) still carries the truth.</summary>
    public static Task<Build?> SameAttemptAsync(this FarmDbContext db, Guid buildId, int attempt, CancellationToken ct) =>
        db.Builds.FirstOrDefaultAsync(b => b.Id == buildId && b.Attempt == attempt, ct);

    /// <summary>Steps are keyed by (build, index), so every event is an upsert and a redelivery cannot add a row.</summary>
    public static async Task<BuildStep> StepAsync(this FarmDbContext db, Build build, int index, CancellationToken ct)
    {
        var step = await db.BuildSteps.FirstOrDefaultAsync(s => s.BuildId == build.Id && s.Index == index, ct);
        if (step is null)
        {
            step = new BuildStep { BuildId = build.Id, Index = index, Attempt = build.Attempt };
            db.BuildSteps.Add(step);
        }
        return step;
    }
}
