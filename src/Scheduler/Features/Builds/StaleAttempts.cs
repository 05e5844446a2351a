using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>
/// What an agent reports of an attempt the farm has moved past (requeued, placed elsewhere, over). It is the truth
/// about that attempt, so it lands on that attempt's record, but it never moves the build: the current attempt owns it.
/// </summary>
static class StaleAttempts
{
    /// <summary>The record of the given attempt, when it ran on the given agent (or on any, when none is named).</summary>
    public static async Task<BuildAttempt?> RowAsync(this FarmDbContext db, Guid buildId, int attempt, string? agentId, CancellationToken ct)
    {
        var row = await db.BuildAttempts.FindAsync([buildId, attempt], ct);
        return row is not null && (agentId is null || row.AgentId == agentId) ? row : null;
    }

    public static async Task StartedAsync(FarmDbContext db, BuildStarted m, CancellationToken ct)
    {
        if (await db.RowAsync(m.BuildId, m.Attempt, m.AgentId, ct) is { StartedAt: null } row)
            row.StartedAt = m.StartedAt;
    }

    /// <summary>A step of a superseded attempt, on that attempt and its agent; null when the attempt is unknown.</summary>
    public static async Task<BuildStep?> StepAsync(FarmDbContext db, Guid buildId, int attempt, int index, CancellationToken ct)
    {
        if (await db.RowAsync(buildId, attempt, null, ct) is not { } row)
            return null;
        var step = await db.BuildSteps.FindAsync([buildId, attempt, index], ct);
        if (step is null)
        {
            step = new BuildStep { BuildId = buildId, Attempt = attempt, Index = index, AgentId = row.AgentId };
            db.BuildSteps.Add(step);
        }
        return step;
    }

    /// <summary>Whether this very report already ended the attempt (its loss requeued the build, say): told again, by a
    /// redelivery or a second run, it is not news of a superseded attempt. Within a millisecond, since PostgreSQL keeps
    /// microseconds of the agent's ticks.</summary>
    static bool EndedBy(BuildAttempt row, BuildFinished m) =>
        row.Outcome == m.Outcome.ToString().ToLowerInvariant() && row.EndedAt is { } ended
        && (ended - m.FinishedAt).Duration() < TimeSpan.FromMilliseconds(1);

    /// <summary>Notes how a superseded attempt really ended, on its record and in the build's history.</summary>
    public static async Task FinishedAsync(FarmDbContext db, Build build, BuildFinished m, CancellationToken ct)
    {
        if (await db.RowAsync(m.BuildId, m.Attempt, m.AgentId, ct) is not { } row || EndedBy(row, m))
            return;
        var outcome = m.Outcome.ToString().ToLowerInvariant();
        var said = m.Error is null ? outcome : $"{outcome}: {m.Error}";
        var note = $"{m.AgentId} reported attempt {m.Attempt} {said} after it was superseded";
        if (row.Reason?.Contains(note, StringComparison.Ordinal) == true)
            return;
        if (AttemptOutcome.IsFinal(row.Outcome))
            row.Reason = row.Reason is null ? note : $"{row.Reason}; {note}";
        else
            (row.Outcome, row.Reason, row.EndedAt) = (AttemptOutcome.Lost, note, m.FinishedAt);
        row.StartedAt ??= m.FinishedAt - TimeSpan.FromMilliseconds(m.DurationMs);
        db.BuildEvents.Add(new BuildEvent
        {
            BuildId = build.Id, At = m.FinishedAt, Status = build.Status,
            Message = $"{note}; the build stays on attempt {build.Attempt}",
        });
    }
}
