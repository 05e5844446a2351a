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

    /// <summary>Steps are keyed by (build, attempt, index), so every event is an upsert and a redelivery cannot add a
    /// row; each row names the agent its attempt ran on.</summary>
    public static async Task<BuildStep> StepAsync(this FarmDbContext db, Build build, int index, CancellationToken ct)
    {
        var step = await db.BuildSteps.FindAsync([build.Id, build.Attempt, index], ct);
        if (step is null)
        {
            step = new BuildStep { BuildId = build.Id, Attempt = build.Attempt, Index = index, AgentId = build.AgentId };
            db.BuildSteps.Add(step);
            await db.CurrentAttemptRowAsync(build, ct);
        }
        return step;
    }

    /// <summary>Gives the steps an attempt left unfinished the status its end explains.</summary>
    /// <remarks>Tracked, not a bulk update: the change goes out with the caller's save, so a save that fails on the
    /// build's status leaves no step half-ended, and a step the caller already tracks is not written back over.</remarks>
    public static async Task<int> EndUnfinishedStepsAsync(this FarmDbContext db, Build build, string status, CancellationToken ct)
    {
        var open = await db.BuildSteps.Where(s => s.BuildId == build.Id && s.Attempt == build.Attempt && s.CompletedAt == null)
            .ToListAsync(ct);
        foreach (var step in open)
            step.Status = status;
        return open.Count;
    }
}
