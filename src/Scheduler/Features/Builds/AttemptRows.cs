using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>
/// The attempt record of a build's current placement. It is opened on the first event that needs it (the agent's
/// start, a step, the end, a requeue) from what placement wrote on the build, so placement itself stays unaware of it.
/// </summary>
static class AttemptRows
{
    public static async Task<BuildAttempt?> CurrentAttemptRowAsync(this FarmDbContext db, Build build, CancellationToken ct)
    {
        if (build.Attempt < 1 || build.AgentId is null)
            return null;
        var attempt = await db.BuildAttempts.FindAsync([build.Id, build.Attempt], ct);
        if (attempt is null)
        {
            attempt = new BuildAttempt
            {
                BuildId = build.Id,
                Number = build.Attempt,
                AgentId = build.AgentId,
                AssignedAt = build.AssignedAt ?? build.QueuedAt,
                StartedAt = build.StartedAt,
            };
            db.BuildAttempts.Add(attempt);
        }
        return attempt;
    }

    /// <summary>Closes the current attempt with its outcome; an attempt already closed keeps its first ending.</summary>
    public static async Task EndAttemptAsync(this FarmDbContext db, Build build, string outcome, string? reason, DateTimeOffset at,
        CancellationToken ct)
    {
        if (await db.CurrentAttemptRowAsync(build, ct) is not { } attempt || AttemptOutcome.IsFinal(attempt.Outcome))
            return;
        attempt.Outcome = outcome;
        attempt.Reason = reason;
        attempt.EndedAt = at;
    }
}
