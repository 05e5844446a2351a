using BuildFarm.Contracts;
using BuildFarm.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>Stores a step's batch of output as a new row. Batches arrive in order on the build-events queue, so the
/// budget is counted in the order the lines were printed.</summary>
public sealed class StepLoggedConsumer(FarmDbContext db, IOptions<SchedulerOptions> options) : IConsumer<StepLogged>
{
    public async Task Consume(ConsumeContext<StepLogged> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        // Any status: a step's last batch travels just ahead of the build's end and may be redelivered after it.
        var build = await db.SameAttemptAsync(m.BuildId, m.Attempt, ct);
        if (build is null)
            return;
        var stored = await db.BuildLogChunks.AnyAsync(
            c => c.BuildId == m.BuildId && c.Attempt == m.Attempt && c.StepIndex == m.Index && c.Seq == m.Seq, ct);
        if (stored || LogBudget.Admit(build, m.Attempt, m.Index, m.Seq, m.Lines, options.Value.LogBudgetBytes) is not { } chunk)
            return;
        db.BuildLogChunks.Add(chunk);
        await db.SaveChangesAsync(ct);
        await context.AnnounceAsync(build);
    }
}
