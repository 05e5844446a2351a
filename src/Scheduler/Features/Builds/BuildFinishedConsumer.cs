using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class BuildFinishedConsumer(FarmDbContext db, Placer placer, IOptions<SchedulerOptions> options) : IConsumer<BuildFinished>
{
    public async Task Consume(ConsumeContext<BuildFinished> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        // Before the build is placed again below, whichever attempt the loss was of.
        if (m.Outcome == BuildOutcome.Lost && await LostEngine.MarkAsync(db, m, ct) is { } agent)
        {
            await db.SaveChangesAsync(ct);
            await context.Publish(new AgentChanged(agent.Id, agent.Status), ct);
        }
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, ct);
        if (build is null)
            return;
        // Taken from this agent but not run anywhere else yet: the agent finished it after all, and its result stands
        // instead of a second run.
        if (m.Outcome != BuildOutcome.Lost)
            await ReturningAgent.TryKeepAsync(db, build, m.Attempt, m.AgentId, m.FinishedAt, mustPostdateRequeue: false, ct);
        if (build.Attempt != m.Attempt || build.AgentId != m.AgentId)
        {
            await StaleAttempts.FinishedAsync(db, build, m, ct);
            await db.SaveChangesAsync(ct);
            return;
        }
        if (BuildStatus.IsFinal(build.Status))
            return;
        if (m.Outcome == BuildOutcome.Lost)
        {
            await LostAsync(context, build);
            return;
        }

        build.FinishedAt = m.FinishedAt;
        build.StartedAt ??= m.FinishedAt - TimeSpan.FromMilliseconds(m.DurationMs);
        build.DurationMs = m.DurationMs;
        build.ImageId = m.ImageId;
        build.ImageSizeBytes = m.ImageSizeBytes;
        build.StepsCached = m.StepsCached;
        build.StepsTotal = m.StepsTotal;
        build.SavedMs = await SavedTime.OfAttemptAsync(db, build, ct);
        build.Error = m.Error;
        build.FailedStep = m.FailedStep;
        build.CheckResultJson = m.Check is null ? null : JsonSerializer.Serialize(m.Check, JsonSerializerOptions.Web);
        var (status, message) = m.Outcome switch
        {
            BuildOutcome.Succeeded => (BuildStatus.Succeeded, $"Succeeded on {m.AgentId}: {m.StepsCached}/{m.StepsTotal} steps cached{Pushed(m)}"),
            BuildOutcome.Cancelled => (BuildStatus.Cancelled, $"Cancelled on {m.AgentId}"),
            _ => (BuildStatus.Failed, $"Failed on {m.AgentId}: {m.Error}{Pushed(m)}"),
        };
        db.Record(build, status, message, m.FinishedAt);
        await db.EndAttemptAsync(build, status switch
        {
            BuildStatus.Succeeded => AttemptOutcome.Succeeded,
            BuildStatus.Cancelled => AttemptOutcome.Cancelled,
            _ => AttemptOutcome.Failed,
        }, m.Error, m.FinishedAt, context.CancellationToken);
        // A failed or cancelled attempt leaves steps that never complete; a succeeded one has completed them all (they
        // travel ahead of this message on the same queue).
        if (status != BuildStatus.Succeeded)
            await db.EndUnfinishedStepsAsync(build, status == BuildStatus.Cancelled ? StepStatus.Cancelled : StepStatus.Failed,
                context.CancellationToken);
        // Before the prediction check adds this build's keys to the agent's inventory: the miss is judged on what the
        // farm knew when the build ran.
        await MissRecorder.RecordAsync(db, build, context.CancellationToken);
        await PredictionCheck.ScoreAsync(db, build, m.AgentId, status == BuildStatus.Succeeded, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        await CacheInventory.RecountAsync(db, m.AgentId, context.CancellationToken);
        await context.AnnounceAsync(build);
        // A slot just freed up, and the build's steps are new measurements. Not awaited: this queue carries every agent's
        // results one at a time, and none of them waits on a pass over the queue (Placer.PlaceSoon).
        placer.StepsMeasured();
        placer.PlaceSoon();
    }

    /// <summary>Each pushed tag's digest, on the event the build page lists: the one place the farm keeps it, since a
    /// tag can move in its registry later.</summary>
    static string Pushed(BuildFinished m) =>
        m.Pushed is { Count: > 0 } pushed ? "; pushed " + string.Join(", ", pushed.Select(p => $"{p.Tag} as {p.Digest}")) : "";

    /// <summary>The agent's engine died or stopped answering: not the user's failure. The build runs again elsewhere,
    /// counted against its attempts, and fails with the engine's words only once they are spent.</summary>
    async Task LostAsync(ConsumeContext<BuildFinished> context, Build build)
    {
        var m = context.Message;
        var why = $"lost to the infrastructure on {m.AgentId}: {m.Error}";
        await db.RequeueAsync(build, why, options.Value.MaxAttempts, m.FinishedAt, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
        placer.PlaceSoon();
    }
}
