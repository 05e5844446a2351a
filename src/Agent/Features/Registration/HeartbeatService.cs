using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Features.Health;
using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>Registers on start, reports the whole cache inventory once registered, then heartbeats. A failed beat is
/// logged and the next one tried: missing three is how the scheduler learns the agent is gone, so the loop itself must
/// never die. A change of the engine's health beats at once, so the scheduler stops placing builds on a lost engine (and
/// starts again when it is back) without waiting for the timer.</summary>
public sealed class HeartbeatService(
    AgentInfoCollector collector, CacheKeeper cache, EngineHealth health, IBus bus, IOptions<AgentOptions> options, TimeProvider clock,
    ILogger<HeartbeatService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registered = false;
        var cacheReported = false;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds)), clock);
        var tick = Task.FromResult(true);
        var changed = health.ChangedAsync(stoppingToken);
        while (true)
        {
            if (await Task.WhenAny(tick, changed) == tick)
            {
                if (!await tick)
                    return;
                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            }
            stoppingToken.ThrowIfCancellationRequested();
            // Taken before the beat, so a change while it is collected still brings the next one forward.
            if (changed.IsCompleted)
                changed = health.ChangedAsync(stoppingToken);
            try
            {
                var info = await collector.CollectAsync(stoppingToken);
                if (!registered)
                {
                    await bus.Publish(new AgentRegistered(info, clock.GetUtcNow(), options.Value.JoinToken), stoppingToken);
                    log.LogInformation("Agent {AgentId} registered (Docker {DockerVersion}, {GpuCount} GPUs)",
                        info.Id, info.DockerVersion ?? "unavailable", info.Gpus.Count);
                    registered = true;
                }
                else
                {
                    await bus.Publish(new AgentHeartbeat(info, clock.GetUtcNow(), options.Value.JoinToken), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Heartbeat failed");
                continue;
            }
            // After registering, so the scheduler knows the agent whose cache mirror the report replaces; retried on each
            // beat until the engine answers, since only the engine can say whether the cache survived.
            if (!cacheReported)
                cacheReported = await ReportCacheAsync(stoppingToken);
        }
    }

    async Task<bool> ReportCacheAsync(CancellationToken ct)
    {
        try
        {
            var report = await cache.StartReportAsync(ct);
            await bus.Publish(report, ct);
            log.LogInformation("Agent {AgentId} cache holds {Keys} keys, {Bytes} bytes", report.AgentId, report.Held.Count, report.CacheBytes);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Cache inventory not reported yet, will retry with the next heartbeat: {Error}", ex.Message);
            return false;
        }
    }
}
