using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class StepCompletedConsumer(FarmDbContext db) : IConsumer<StepCompleted>
{
    public async Task Consume(ConsumeContext<StepCompleted> context)
    {
        var m = context.Message;
        var build = await db.SameAttemptAsync(m.BuildId, m.Attempt, context.CancellationToken);
        if (build is null)
            return;
        var step = await db.StepAsync(build, m.Index, context.CancellationToken);
        step.Stage = m.Stage;
        step.Instruction = m.Instruction;
        step.StartedAt = m.StartedAt;
        step.CompletedAt = m.CompletedAt;
        step.DurationMs = (long)(m.CompletedAt - m.StartedAt).TotalMilliseconds;
        step.Cached = m.Cached;
        step.Error = m.Error;
        step.Status = m.Error is not null ? StepStatus.Failed : m.Cached ? StepStatus.Cached : StepStatus.Done;
        step.Key = m.Key ?? step.Key;
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
