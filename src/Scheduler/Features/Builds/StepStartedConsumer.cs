using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class StepStartedConsumer(FarmDbContext db) : IConsumer<StepStarted>
{
    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        var m = context.Message;
        var build = await db.CurrentAttemptAsync(m.BuildId, m.Attempt, context.CancellationToken);
        if (build is null)
            return;
        var step = await db.StepAsync(build, m.Index, context.CancellationToken);
        // A redelivered "started" must not reopen a step that has completed since.
        if (step.CompletedAt is not null)
            return;
        step.Stage = m.Stage;
        step.Instruction = m.Instruction;
        step.StartedAt = m.StartedAt;
        step.Key = m.Key ?? step.Key;
        step.Status = StepStatus.Running;
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
