using BuildFarm.Agent.Features.Cache;
using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>Registers on start, reports the whole cache inventory once registered, then heartbeats. A failed beat is
/// logged and the next one tried: missing three is how the scheduler learns the agent is gone, so the loop itself must
/// never die.</summary>
public sealed class HeartbeatService(
    AgentInfoCollector collector, CacheKeeper cache, IBus bus, IOptions<AgentOptions> options, TimeProvider clock,
    ILogger<HeartbeatService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registered = false;
        var cacheReported = false;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds)), clock);
        do
        {
            try
            {
                var info = await collector.CollectAsync(stoppingToken);
                if (!registered)
                {
                    await bus.Publish(new AgentRegistered(info, clock.GetUtcNow()), stoppingToken);
                    log.LogInformation("Agent {AgentId} registered (Docker {DockerVersion}, {GpuCount} GPUs)",
                        info.Id, info.DockerVersion ?? "unavailable", info.Gpus.Count);
                    registered = true;
                }
                else
                {
                    await bus.Publish(new AgentHeartbeat(info, clock.GetUtcNow()), stoppingToken);
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
        } while (await timer.WaitForNextTickAsync(stoppingToken));
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
