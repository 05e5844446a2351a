using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Reads the queue for a placement pass, tracked so the pass can save what it decides, without each build's
/// <see cref="Build.CandidatesJson"/>: a verdict per agent, which the pass only ever overwrites. It grows with queue
/// times agents (a few KB a build at 20 agents, about 0.8 MB a pass at 100 queued) and was more than half of what a
/// pass read; over PostgreSQL's wire that was the largest read of the pass.
/// </summary>
static class PlacementQueue
{
    /// <summary>The whole queue, oldest first.</summary>
    public static async Task<List<Build>> ReadAsync(FarmDbContext db, CancellationToken ct) =>
        (await ReadAsync(db, 0, null, new HashSet<Guid>(), ct)).Builds;

    /// <summary>
    /// A page of the queue, oldest first: from the <paramref name="skip"/>th build, at most <paramref name="take"/>
    /// (all when null). Builds in <paramref name="seen"/> are left out and the rest added to it: between two pages a
    /// build can come back to the queue ahead of them (its agent vanished) and move a build already read onto the next.
    /// <c>Last</c> says the page reached the end of the queue.
    /// </summary>
    public static async Task<(List<Build> Builds, bool Last)> ReadAsync(FarmDbContext db, int skip, int? take, ISet<Guid> seen, CancellationToken ct)
    {
        var queue = Queued(db).OrderBy(b => b.QueuedAt).ThenBy(b => b.Id).Skip(skip);
        var rows = await Columns(take is { } n ? queue.Take(n) : queue).ToListAsync(ct);
        return (Attach(db, rows, seen), take is not { } most || rows.Count < most);
    }

    /// <summary>The builds that need an answer whatever the farm's room: just queued, so they have no waiting reason
    /// yet, or cancelled while they waited. Oldest first, those in <paramref name="seen"/> left out.</summary>
    public static async Task<List<Build>> ReadPressingAsync(FarmDbContext db, ISet<Guid> seen, CancellationToken ct) =>
        Attach(db, await Columns(Queued(db).Where(b => b.WaitingReason == null || b.CancelRequested)
            .OrderBy(b => b.QueuedAt).ThenBy(b => b.Id)).ToListAsync(ct), seen);

    public static Task<int> CountAsync(FarmDbContext db, CancellationToken ct) => Queued(db).CountAsync(ct);

    static IQueryable<Build> Queued(FarmDbContext db) => db.Builds.AsNoTracking().Where(b => b.Status == BuildStatus.Queued);

    // Every other column, so the tracked build is the stored one: a new column belongs here too (PlacementQueueTests
    // fails until it is).
    static IQueryable<Build> Columns(IQueryable<Build> builds) => builds
        .Select(b => new Build
        {
            Id = b.Id, Status = b.Status, Repository = b.Repository, Ref = b.Ref, DockerfilePath = b.DockerfilePath,
            ContextPath = b.ContextPath, Target = b.Target, BuildArgs = b.BuildArgs, Tags = b.Tags, NoCache = b.NoCache,
            Pull = b.Pull, Push = b.Push, Release = b.Release, RequiredLabels = b.RequiredLabels, AgentId = b.AgentId, Attempt = b.Attempt, QueuedAt = b.QueuedAt,
            QueuedById = b.QueuedById, QueuedBy = b.QueuedBy,
            AssignedAt = b.AssignedAt, StartedAt = b.StartedAt, FinishedAt = b.FinishedAt, DurationMs = b.DurationMs,
            ImageId = b.ImageId, ImageSizeBytes = b.ImageSizeBytes, StepsCached = b.StepsCached, StepsTotal = b.StepsTotal,
            Error = b.Error, FailedStep = b.FailedStep, WaitingReason = b.WaitingReason, PlacementReason = b.PlacementReason,
            Dispatched = b.Dispatched, DispatchError = b.DispatchError, CancelRequested = b.CancelRequested, Commit = b.Commit,
            PlanJson = b.PlanJson, LintJson = b.LintJson, PredictedCachedSteps = b.PredictedCachedSteps, PredictedKeysJson = b.PredictedKeysJson,
            PredictedSeconds = b.PredictedSeconds, PredictionHits = b.PredictionHits, PredictionFalseHits = b.PredictionFalseHits,
            PredictionMisses = b.PredictionMisses, CheckJson = b.CheckJson, CheckResultJson = b.CheckResultJson,
            LogBytes = b.LogBytes, LogCut = b.LogCut, MissCause = b.MissCause, MissJson = b.MissJson, SavedMs = b.SavedMs,
        });

    static List<Build> Attach(FarmDbContext db, List<Build> rows, ISet<Guid> seen)
    {
        var fresh = rows.Where(b => seen.Add(b.Id)).ToList();
        // Attached as read: only what the pass changes is written, and Status and Attempt guard the save as ever.
        // The candidates the pass writes replace the stored ones whole, so their unread value is never needed.
        db.Builds.AttachRange(fresh);
        return fresh;
    }
}
