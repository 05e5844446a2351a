using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class BuildStartedConsumer(FarmDbContext db) : IConsumer<BuildStarted>
{
    public async Task Consume(ConsumeContext<BuildStarted> context)
    {
        var m = context.Message;
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, context.CancellationToken);
        // Only the current attempt moves the build, and only forward: a redelivery or a late event changes nothing.
        if (build is null || build.Attempt != m.Attempt || build.Status != BuildStatus.Assigned)
            return;
        build.StartedAt = m.StartedAt;
        if (await db.CurrentAttemptRowAsync(build, context.CancellationToken) is { } attempt)
            attempt.StartedAt = m.StartedAt;
        db.Record(build, BuildStatus.Running, $"Started on {m.AgentId}", m.StartedAt);
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
