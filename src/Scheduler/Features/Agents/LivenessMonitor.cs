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

/// <summary>Marks agents offline after three missed heartbeats and requeues their unfinished builds, as it does the
/// builds of an agent an admin revoked (an agent no longer trusted must not finish them); also retries
/// placement on a timer, so a build never waits on an event that was lost. Silence only counts while the scheduler
/// could have heard the agent (<see cref="HeartbeatHorizon"/>).</summary>
public sealed class LivenessMonitor(
    IServiceScopeFactory scopes, Placer placer, IBus bus, HeartbeatHorizon horizon, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<LivenessMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepPeriod, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
                await placer.PlaceQueuedAsync(stoppingToken);
            }
            catch (Exception ex) when (DatabaseOutage.Is(ex))
            {
                // Expected while the database restarts and said once a sweep: a stack trace each second says nothing more.
                log.LogWarning("Liveness sweep and placement wait for the database: {Reason}", DatabaseOutage.Reason(ex));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Liveness sweep failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        horizon.Swept(clock.GetUtcNow(), options.Value.SweepPeriod);
        if (horizon.ListeningSince is null)
        {
            log.LogDebug("Heartbeats cannot be received now; no agent is judged");
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        try
        {
            var deadline = clock.GetUtcNow() - options.Value.OfflineAfter;
            var silent = await db.Agents.Where(a => a.Status == AgentStatus.Online && a.LastHeartbeatAt < deadline).ToListAsync(ct);
            horizon.DatabaseAnswered(clock.GetUtcNow());
            foreach (var agent in silent)
                await JudgeAsync(db, agent, ct);
            await TakeBackFromRevokedAsync(db, ct);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            horizon.DatabaseAway();
            throw;
        }
    }

    /// <summary>An admin revoked the agent (on the Web, which writes only the admission): its assigned and running
    /// builds go back to the queue for an approved agent, and the fence tells the agent to stop them.</summary>
    async Task TakeBackFromRevokedAsync(FarmDbContext db, CancellationToken ct)
    {
        var held = await db.Builds
            .Where(b => (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running)
                        && db.Agents.Any(a => a.Id == b.AgentId && a.Admission == AgentAdmission.Revoked))
            .ToListAsync(ct);
        if (held.Count == 0)
            return;
        var names = await db.Agents.Where(a => held.Select(b => b.AgentId).Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var fences = new List<SupersededAttempt>();
        foreach (var build in held)
        {
            var why = $"{(names.TryGetValue(build.AgentId!, out var name) ? name : build.AgentId)} was revoked by an admin";
            if (await db.RequeueAsync(build, why, options.Value.MaxAttempts, clock.GetUtcNow(), ct) is { } fence)
                fences.Add(fence);
        }
        // Status and Attempt guard the save: a build that finished meanwhile is not moved back.
        await db.SaveChangesAsync(ct);
        log.LogWarning("{Count} builds taken back from revoked agents", held.Count);
        await AttemptFence.SendAsync(bus, fences, log, ct);
        foreach (var build in held)
            await bus.AnnounceAsync(build, ct);
    }

    async Task JudgeAsync(FarmDbContext db, Agent agent, CancellationToken ct)
    {
        // The loop may have blocked since the query, and a heartbeat may have been stored meanwhile: judge fresh state
        // against the clock as it is now.
        await db.Entry(agent).ReloadAsync(ct);
        var now = clock.GetUtcNow();
        if (agent.Status != AgentStatus.Online || horizon.StaleFor(agent.LastHeartbeatAt, now, options.Value.OfflineAfter) is not { } silence)
            return;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only if no heartbeat was stored since the reload: one that lands in between keeps the agent and its builds.
        var heard = agent.LastHeartbeatAt;
        if (await db.Agents.Where(a => a.Id == agent.Id && a.Status == AgentStatus.Online && a.LastHeartbeatAt == heard)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AgentStatus.Offline), ct) == 0)
            return;
        var builds = await db.Builds
            .Where(b => b.AgentId == agent.Id && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
            .ToListAsync(ct);
        var why = $"{agent.Name} went silent: no heartbeat received for {(int)silence.TotalSeconds} s while the scheduler could receive them";
        var fences = new List<SupersededAttempt>();
        foreach (var build in builds)
        {
            if (await db.RequeueAsync(build, why, options.Value.MaxAttempts, clock.GetUtcNow(), ct) is { } fence)
                fences.Add(fence);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        log.LogWarning("Agent {AgentId} marked offline after {Seconds} s of silence; {Count} builds requeued",
            agent.Id, (int)silence.TotalSeconds, builds.Count);
        await bus.Publish(new AgentChanged(agent.Id, AgentStatus.Offline), ct);
        await AttemptFence.SendAsync(bus, fences, log, ct);
        foreach (var build in builds)
            await bus.AnnounceAsync(build, ct);
    }
}
