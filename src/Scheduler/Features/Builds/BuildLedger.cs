using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>The state changes every consumer shares: each one is recorded as a BuildEvent, so the build page can
/// always tell what happened and why.</summary>
static class BuildLedger
{
    public static void Record(this FarmDbContext db, Build build, string status, string message, DateTimeOffset at)
    {
        build.Status = status;
        db.BuildEvents.Add(new BuildEvent { BuildId = build.Id, At = at, Status = status, Message = message });
    }

    /// <summary>Puts an unfinished build back in the queue, or fails it once its attempts are spent. Either way the
    /// attempt it was on is lost, and keeps its steps and log with the reason. Returns the attempt taken from its agent,
    /// which the caller tells once the change is saved.</summary>
    public static async Task<SupersededAttempt?> RequeueAsync(this FarmDbContext db, Build build, string why, int maxAttempts,
        DateTimeOffset at, CancellationToken ct = default)
    {
        if (BuildStatus.IsFinal(build.Status))
            return null;
        var taken = build.AgentId is { } agent ? new SupersededAttempt(build.Id, build.Attempt, agent, $"superseded: {why}") : null;
        await db.EndAttemptAsync(build, AttemptOutcome.Lost, why, at, ct);
        await db.EndUnfinishedStepsAsync(build, StepStatus.Lost, ct);
        if (build.CancelRequested)
        {
            build.FinishedAt = at;
            db.Record(build, BuildStatus.Cancelled, $"Cancelled: {why}", at);
            return taken;
        }
        if (build.Attempt >= maxAttempts)
        {
            build.FinishedAt = at;
            build.Error = $"{why}; gave up after {build.Attempt} attempts";
            db.Record(build, BuildStatus.Failed, build.Error, at);
            return taken;
        }
        build.AgentId = null;
        build.AssignedAt = null;
        build.StartedAt = null;
        build.StepsCached = 0;
        build.StepsTotal = 0;
        build.WaitingReason = $"requeued: {why}";
        db.Record(build, BuildStatus.Queued, $"Requeued: {why}", at);
        return taken;
    }

    public static Task AnnounceAsync(this IPublishEndpoint bus, Build build, CancellationToken ct = default) =>
        bus.Publish(new BuildChanged(build.Id, build.Status), ct);
}
