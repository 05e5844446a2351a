using BuildFarm.Contracts;
using BuildFarm.Data;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class StepLoggedConsumer(FarmDbContext db) : IConsumer<StepLogged>
{
    public async Task Consume(ConsumeContext<StepLogged> context)
    {
        var m = context.Message;
        var build = await db.CurrentAttemptAsync(m.BuildId, m.Attempt, context.CancellationToken);
        if (build is null)
            return;
        var step = await db.StepAsync(build, m.Index, context.CancellationToken);
        if (step.CompletedAt is not null)
            return;
        // The agent sends a rolling tail, not a delta, so replacing it is idempotent.
        step.LogTail = string.Join('\n', m.Tail);
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
