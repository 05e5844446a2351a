using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Agents;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Agents;

public sealed class AgentRegisteredConsumer(FarmDbContext db, AgentRoster roster, Placer placer, IOptions<SchedulerOptions> options)
    : IConsumer<AgentRegistered>
{
    public Task Consume(ConsumeContext<AgentRegistered> context) =>
        AgentReport.HandleAsync(context, db, roster, placer, options.Value, context.Message.Agent, context.Message.At, registration: true);
}

public sealed class AgentHeartbeatConsumer(FarmDbContext db, AgentRoster roster, Placer placer, IOptions<SchedulerOptions> options)
    : IConsumer<AgentHeartbeat>
{
    public Task Consume(ConsumeContext<AgentHeartbeat> context) =>
        AgentReport.HandleAsync(context, db, roster, placer, options.Value, context.Message.Agent, context.Message.At, registration: false);
}

static class AgentReport
{
    public static async Task HandleAsync(ConsumeContext context, FarmDbContext db, AgentRoster roster, Placer placer,
        SchedulerOptions options, AgentInfo info, DateTimeOffset at, bool registration)
    {
        var ct = context.CancellationToken;
        var lost = await roster.RecordAsync(db, info, at, registration, ct);
        foreach (var build in lost)
            await db.RequeueAsync(build, $"{info.Name} no longer has the build (agent restarted or lost it)", options.MaxAttempts, at, ct);
        await db.SaveChangesAsync(ct);
        await context.Publish(new AgentChanged(info.Id, AgentStatus.Online), ct);
        foreach (var build in lost)
            await context.AnnounceAsync(build, ct);
        // A new or returning agent may take what waits.
        await placer.PlaceQueuedAsync(ct);
    }
}
