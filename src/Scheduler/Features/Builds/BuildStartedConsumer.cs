using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class BuildStartedConsumer(FarmDbContext db) : IConsumer<BuildStarted>
{
    public async Task Consume(ConsumeContext<BuildStarted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, ct);
        if (build is null)
            return;
        // Taken from this agent while its StartBuild waited, and not placed again: it runs there now, so it stays there.
        if (await ReturningAgent.TryKeepAsync(db, build, m.Attempt, m.AgentId, m.StartedAt, mustPostdateRequeue: true, ct))
        {
            await db.SaveChangesAsync(ct);
            await context.AnnounceAsync(build);
            return;
        }
        // Only the current attempt moves the build, and only forward: a redelivery or a late event changes nothing.
        if (build.Attempt != m.Attempt || build.AgentId != m.AgentId)
        {
            await StaleAttempts.StartedAsync(db, m, ct);
            await db.SaveChangesAsync(ct);
            return;
        }
        if (build.Status != BuildStatus.Assigned)
            return;
        build.StartedAt = m.StartedAt;
        if (await db.CurrentAttemptRowAsync(build, context.CancellationToken) is { } attempt)
            attempt.StartedAt = m.StartedAt;
        db.Record(build, BuildStatus.Running, $"Started on {m.AgentId}", m.StartedAt);
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
