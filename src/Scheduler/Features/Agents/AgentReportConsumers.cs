using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Agents;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Agents;

public sealed class AgentRegisteredConsumer(
    FarmDbContext db, AgentRoster roster, Placer placer, IOptions<SchedulerOptions> options, ILogger<AgentRegisteredConsumer> log)
    : IConsumer<AgentRegistered>
{
    public Task Consume(ConsumeContext<AgentRegistered> context) =>
        new AgentReport(db, roster, placer, options.Value, log).HandleAsync(context, context.Message.Agent, context.Message.At, registration: true, context.Message.JoinToken);
}

public sealed class AgentHeartbeatConsumer(
    FarmDbContext db, AgentRoster roster, Placer placer, IOptions<SchedulerOptions> options, ILogger<AgentHeartbeatConsumer> log)
    : IConsumer<AgentHeartbeat>
{
    public Task Consume(ConsumeContext<AgentHeartbeat> context) =>
        new AgentReport(db, roster, placer, options.Value, log).HandleAsync(context, context.Message.Agent, context.Message.At, registration: false, context.Message.JoinToken);
}

sealed class AgentReport(FarmDbContext db, AgentRoster roster, Placer placer, SchedulerOptions options, ILogger log)
{
    public async Task HandleAsync(ConsumeContext context, AgentInfo info, DateTimeOffset at, bool registration, string? joinToken)
    {
        var ct = context.CancellationToken;
        var (latest, lost) = await roster.RecordAsync(db, info, at, registration, joinToken, ct);
        var fences = new List<SupersededAttempt>();
        foreach (var build in lost)
        {
            if (await db.RequeueAsync(build, $"{info.Name} no longer has the build (agent restarted or lost it)", options.MaxAttempts, at, ct)
                is { } fence)
                fences.Add(fence);
        }
        // Only a report that was recorded (not one older than the last) speaks for what the agent holds now.
        var returned = latest
            ? await ReturningAgent.ReconcileAsync(db, info, at, ct)
            : new ReturningAgent.Reconciled([], []);
        fences.AddRange(returned.Fences);
        await db.SaveChangesAsync(ct);
        await context.Publish(new AgentChanged(info.Id, AgentStatus.Online), ct);
        await AttemptFence.SendAsync(context, fences, log, ct);
        foreach (var build in lost.Concat(returned.Kept))
            await context.AnnounceAsync(build, ct);
        // A new or returning agent may take what waits.
        await placer.PlaceQueuedAsync(ct);
    }
}
