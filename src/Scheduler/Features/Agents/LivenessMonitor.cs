using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>Marks agents offline after three missed heartbeats and requeues their unfinished builds; also retries
/// placement on a timer, so a build never waits on an event that was lost.</summary>
public sealed class LivenessMonitor(
    IServiceScopeFactory scopes, Placer placer, IBus bus, IOptions<SchedulerOptions> options, TimeProvider clock,
    ILogger<LivenessMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds / 2.0));
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
                await placer.PlaceQueuedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Liveness sweep failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        var now = clock.GetUtcNow();
        var deadline = now - options.Value.OfflineAfter;
        var silent = await db.Agents.Where(a => a.Status == AgentStatus.Online && a.LastHeartbeatAt < deadline).ToListAsync(ct);
        foreach (var agent in silent)
        {
            agent.Status = AgentStatus.Offline;
            var builds = await db.Builds
                .Where(b => b.AgentId == agent.Id && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
                .ToListAsync(ct);
            var why = $"{agent.Name} went offline (no heartbeat for {(int)options.Value.OfflineAfter.TotalSeconds} s)";
            foreach (var build in builds)
                await db.RequeueAsync(build, why, options.Value.MaxAttempts, now, ct);
            await db.SaveChangesAsync(ct);
            log.LogWarning("Agent {AgentId} marked offline; {Count} builds requeued", agent.Id, builds.Count);
            await bus.Publish(new AgentChanged(agent.Id, AgentStatus.Offline), ct);
            foreach (var build in builds)
                await bus.AnnounceAsync(build, ct);
        }
    }
}
