using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent.Features.Outbox;

/// <summary>Publishes the outbox's messages one at a time, in order, retrying each until the broker takes it. A publish
/// is awaited, not abandoned after a timeout: an abandoned one could still land and then arrive twice.</summary>
public sealed class OutboxPublisher(EventOutbox outbox, IBus bus, TimeProvider clock, ILogger<OutboxPublisher> log) : BackgroundService
{
    static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var added = outbox.AddedAsync(stoppingToken);
            if (!outbox.TryPeek(out var message))
            {
                await added;
                continue;
            }
            try
            {
                await bus.Publish(message, message.GetType(), stoppingToken);
                outbox.Remove();
                if (retry > FirstRetry)
                    log.LogInformation("Broker takes events again; {Count} still queued", outbox.Count);
                retry = FirstRetry;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the message stays queued and is spilled for the next run.
                return;
            }
            catch (Exception e)
            {
                if (retry == FirstRetry)
                    log.LogWarning("Could not publish {Message}, {Count} queued; retrying until the broker takes it: {Error}",
                        message.GetType().Name, outbox.Count, e.Message);
                await Task.Delay(retry, clock, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, retry.Ticks * 2));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Stopped after the build loop (registered before it), so its last events are in here: kept for the next run.
        outbox.SpillAll();
        if (outbox.Count > 0)
            log.LogWarning("{Count} events not yet published kept in {Path} for the next start", outbox.Count, outbox.SpillPath);
    }
}
