using BuildFarm.Contracts;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>What one placement pass decided: the builds it changed, saved together, and the StartBuilds to send once
/// they are saved.</summary>
sealed class PlacementPass
{
    public sealed record Send(Build Build, StartBuild Message, string AgentId, string Reason);

    public List<Build> Changed { get; } = [];

    /// <summary>Builds in the queue when the pass read it, where the pass counted them (see <see cref="Placer"/>).</summary>
    public int? Queued { get; set; }

    /// <summary>Builds the pass decided: the queue's head, the pressing ones, or all.</summary>
    public int Decided { get; set; }

    /// <summary>Whether the pass read and decided the whole queue (<see cref="QueueReach"/>).</summary>
    public bool Whole { get; set; }

    public List<Send> Sends { get; } = [];

    /// <summary>
    /// One save for the whole pass: a transaction per build cost most of a pass on PostgreSQL. A build that another
    /// consumer moved on meanwhile (cancelled, say) fails its status check; it is dropped from the pass, nothing is sent
    /// for it, and the rest are saved.
    /// </summary>
    public async Task SaveAsync(FarmDbContext db, ILogger log, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                foreach (var entry in e.Entries)
                {
                    if (entry.Entity is not Build build)
                        throw;
                    log.LogInformation("Build {BuildId} changed while it was being placed; it is left as it is now", build.Id);
                    Drop(db, build);
                }
            }
        }
    }

    void Drop(FarmDbContext db, Build build)
    {
        Changed.Remove(build);
        Sends.RemoveAll(s => s.Build == build);
        db.Entry(build).State = EntityState.Detached;
        // Its event belonged to the decision that is being dropped.
        foreach (var entry in db.ChangeTracker.Entries<BuildEvent>().Where(e => e.Entity.BuildId == build.Id && e.State == EntityState.Added).ToList())
            entry.State = EntityState.Detached;
    }
}
