using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>An attempt the farm took away from its agent. The agent must hear of it, or it runs the build alongside
/// the next attempt and both publish results.</summary>
public sealed record SupersededAttempt(Guid BuildId, int Attempt, string AgentId, string Reason);

/// <summary>Tells agents that attempts they hold are superseded. Best effort and bounded: an agent that misses this
/// still asks before it starts an attempt (CheckAttempt), and its late results only reach that attempt's record. It
/// runs after the save, never inside the placer's lock or a transaction, so a broker that is gone stalls neither.</summary>
static class AttemptFence
{
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static async Task SendAsync(ISendEndpointProvider bus, IReadOnlyCollection<SupersededAttempt> fences, ILogger log,
        CancellationToken ct)
    {
        if (fences.Count == 0)
            return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        foreach (var fence in fences)
        {
            try
            {
                var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.For(fence.AgentId)}"));
                await endpoint.Send(new CancelBuild(fence.BuildId, fence.Attempt, fence.Reason), timeout.Token);
                log.LogInformation("Told {AgentId} to stop attempt {Attempt} of build {BuildId}: {Reason}",
                    fence.AgentId, fence.Attempt, fence.BuildId, fence.Reason);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(ex, "Could not tell {AgentId} that attempt {Attempt} of build {BuildId} is superseded",
                    fence.AgentId, fence.Attempt, fence.BuildId);
            }
        }
    }
}
