using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>Registers on start, then heartbeats. A failed beat is logged and the next one tried: missing three is
/// how the scheduler learns the agent is gone, so the loop itself must never die.</summary>
public sealed class HeartbeatService(
    AgentInfoCollector collector, IBus bus, IOptions<AgentOptions> options, TimeProvider clock, ILogger<HeartbeatService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registered = false;
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
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
