using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class BuildFinishedConsumer(FarmDbContext db, Placer placer) : IConsumer<BuildFinished>
{
    public async Task Consume(ConsumeContext<BuildFinished> context)
    {
        var m = context.Message;
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, context.CancellationToken);
        if (build is null || build.Attempt != m.Attempt || BuildStatus.IsFinal(build.Status))
            return;

        build.FinishedAt = m.FinishedAt;
        build.StartedAt ??= m.FinishedAt - TimeSpan.FromMilliseconds(m.DurationMs);
        build.DurationMs = m.DurationMs;
        build.ImageId = m.ImageId;
        build.ImageSizeBytes = m.ImageSizeBytes;
        build.StepsCached = m.StepsCached;
        build.StepsTotal = m.StepsTotal;
        build.Error = m.Error;
        build.FailedStep = m.FailedStep;
        build.CheckResultJson = m.Check is null ? null : JsonSerializer.Serialize(m.Check, JsonSerializerOptions.Web);
        var (status, message) = m.Outcome switch
        {
            BuildOutcome.Succeeded => (BuildStatus.Succeeded, $"Succeeded on {m.AgentId}: {m.StepsCached}/{m.StepsTotal} steps cached"),
            BuildOutcome.Cancelled => (BuildStatus.Cancelled, $"Cancelled on {m.AgentId}"),
            _ => (BuildStatus.Failed, $"Failed on {m.AgentId}: {m.Error}"),
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
        await PredictionCheck.ScoreAsync(db, build, m.AgentId, status == BuildStatus.Succeeded, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        await CacheInventory.RecountAsync(db, m.AgentId, context.CancellationToken);
        await context.AnnounceAsync(build);
        // A slot just freed up, and the build's steps are new measurements.
        placer.StepsMeasured();
        await placer.PlaceQueuedAsync(context.CancellationToken);
    }
}
