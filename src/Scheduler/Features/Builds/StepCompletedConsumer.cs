using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class StepCompletedConsumer(FarmDbContext db) : IConsumer<StepCompleted>
{
    public const string CancelledStep = "cancelled before it finished";

    public async Task Consume(ConsumeContext<StepCompleted> context)
    {
        var m = context.Message;
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, context.CancellationToken);
        if (build is null)
            return;
        // Any status of the current attempt: a completion redelivered after its BuildFinished still carries the truth.
        // A superseded attempt's completion is true of that attempt, and lands on its record alone.
        var step = build.Attempt == m.Attempt && build.AgentId is not null
            ? await db.StepAsync(build, m.Index, context.CancellationToken)
            : await StaleAttempts.StepAsync(db, build.Id, m.Attempt, m.Index, context.CancellationToken);
        // Only the agent completes a step, and once per run: a second completion is a redelivery (the same words) or a
        // second run of the attempt (its cached replay would rewrite what the first run measured). The first stands.
        if (step is null || step.CompletedAt is not null)
            return;
        step.Stage = m.Stage;
        step.Instruction = m.Instruction;
        step.StartedAt = m.StartedAt;
        step.CompletedAt = m.CompletedAt;
        step.DurationMs = (long)(m.CompletedAt - m.StartedAt).TotalMilliseconds;
        // A no-cache build reuses nothing; what BuildKit still flags cached is its FROM vertex (a base already on the
        // engine), which says nothing about the cache and must not read as a hit.
        step.Cached = m.Cached && !build.NoCache;
        // A step cut short by a cancel ends with the agent's "cancelled" or BuildKit's kill ("exit code: 137"): the
        // person cancelled it, the step did not fail.
        var cancelled = m.Error is not null && build.CancelRequested;
        step.Error = cancelled ? CancelledStep : m.Error;
        step.Status = cancelled ? StepStatus.Cancelled : m.Error is not null ? StepStatus.Failed : step.Cached ? StepStatus.Cached : StepStatus.Done;
        step.Key = m.Key ?? step.Key;
        step.SavedMs = await SavedTime.OfAsync(db, step, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
