using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>How long a build has waited in the farm's queue, against <c>Scheduler:MaxQueueMinutes</c>.</summary>
static class QueueTimeout
{
    public static async Task<bool> ExpiredAsync(FarmDbContext db, Build build, DateTimeOffset now, TimeSpan limit, CancellationToken ct)
    {
        // A build queued less than the limit ago cannot have waited longer since it last entered the queue: no query.
        if (now - build.QueuedAt < limit)
            return false;
        // Measured from when it last entered the queue: a build requeued after its agent vanished starts a new wait.
        var since = await db.BuildEvents.AsNoTracking()
            .Where(e => e.BuildId == build.Id && e.Status == BuildStatus.Queued)
            .OrderByDescending(e => e.Id)
            .Select(e => (DateTimeOffset?)e.At)
            .FirstOrDefaultAsync(ct) ?? build.QueuedAt;
        return now - since >= limit;
    }

    /// <summary>"24 h", "90 min": the limit as the failed build's error names it.</summary>
    public static string Describe(TimeSpan limit) =>
        limit.TotalMinutes % 60 == 0 ? $"{limit.TotalHours:0} h" : $"{limit.TotalMinutes:0} min";
}
