using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// Builds an agent says it is running that the farm took away from it, typically after it was judged silent while it
/// was not. A build still waiting for another agent goes back to it, same attempt, instead of running twice; one
/// already placed elsewhere or over is fenced: the agent is told to stop its stale attempt.
/// </summary>
static class ReturningAgent
{
    public sealed record Reconciled(IReadOnlyList<Build> Kept, IReadOnlyList<SupersededAttempt> Fences);

    public static async Task<Reconciled> ReconcileAsync(FarmDbContext db, AgentInfo info, DateTimeOffset at, CancellationToken ct)
    {
        var held = info.RunningBuilds.ToList();
        if (held.Count == 0)
            return new([], []);
        var taken = await db.Builds.Where(b => held.Contains(b.Id) && b.AgentId != info.Id).ToListAsync(ct);
        var kept = new List<Build>();
        var fences = new List<SupersededAttempt>();
        foreach (var build in taken)
        {
            // Only an attempt the farm took from this agent is its to keep or to stop; one it ended itself is over.
            var mine = await db.BuildAttempts
                .Where(a => a.BuildId == build.Id && a.AgentId == info.Id)
                .OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct);
            if (mine is not { Outcome: AttemptOutcome.Lost })
                continue;
            if (await TryKeepAsync(db, build, mine.Number, info.Id, at, mustPostdateRequeue: true, ct))
                kept.Add(build);
            else if (build.Status != BuildStatus.Queued || build.Attempt != mine.Number)
            {
                var why = AttemptStanding.WhyNotCurrent(build, mine.Number, info.Id);
                fences.Add(new SupersededAttempt(build.Id, mine.Number, info.Id, $"superseded: {why}"));
            }
        }
        return new(kept, fences);
    }

    /// <summary>Gives a build back to the agent its last attempt was taken from, when it is still waiting for another
    /// one. <paramref name="mustPostdateRequeue"/>: only what the agent said after the requeue shows it still has it
    /// (a finished build is proof whenever it finished).</summary>
    public static async Task<bool> TryKeepAsync(FarmDbContext db, Build build, int attempt, string agentId, DateTimeOffset at,
        bool mustPostdateRequeue, CancellationToken ct)
    {
        if (build.Status != BuildStatus.Queued || build.Attempt != attempt || build.CancelRequested)
            return false;
        var row = await db.BuildAttempts.FindAsync([build.Id, attempt], ct);
        if (row is not { Outcome: AttemptOutcome.Lost } || row.AgentId != agentId)
            return false;
        if (mustPostdateRequeue && row.EndedAt is { } ended && at < ended)
            return false;
        await GiveBackAsync(db, build, row, at, ct);
        return true;
    }

    static async Task GiveBackAsync(FarmDbContext db, Build build, BuildAttempt attempt, DateTimeOffset at, CancellationToken ct)
    {
        var lostSteps = await db.BuildSteps
            .Where(s => s.BuildId == build.Id && s.Attempt == attempt.Number && s.Status == StepStatus.Lost && s.CompletedAt == null)
            .ToListAsync(ct);
        foreach (var step in lostSteps)
            step.Status = StepStatus.Running;
        attempt.Outcome = AttemptOutcome.Running;
        attempt.Reason = null;
        attempt.EndedAt = null;
        attempt.StartedAt ??= at;
        build.AgentId = attempt.AgentId;
        build.AssignedAt = attempt.AssignedAt;
        build.StartedAt = attempt.StartedAt;
        build.WaitingReason = null;
        db.Record(build, BuildStatus.Running, $"{attempt.AgentId} answered again and is still running it (attempt {attempt.Number})", at);
    }
}
