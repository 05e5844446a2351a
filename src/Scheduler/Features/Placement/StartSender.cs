using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Sends a saved pass's assignments to the agents' queues, then says which builds changed. It runs after the pass's
/// lock is released, so a broker that is slow or gone holds up neither the next pass nor the liveness sweep.
/// </summary>
sealed class StartSender(IServiceScopeFactory scopes, IBus bus, TimeProvider clock, ILogger log)
{
    /// <summary>How long a pass's StartBuilds may wait on the broker before the builds not sent go back to the queue.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>One the broker did not take goes back to the queue with the broker's words, unless something moved the
    /// build on since.</summary>
    public async Task SendAsync(PlacementPass pass, CancellationToken ct)
    {
        await SendStartsAsync(pass, ct);
        foreach (var build in pass.Changed)
            await bus.AnnounceAsync(build, ct);
    }

    async Task SendStartsAsync(PlacementPass pass, CancellationToken ct)
    {
        // One bound for the whole batch: a hung broker costs the pass SendTimeout once, not once per build.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        foreach (var send in pass.Sends)
        {
            try
            {
                var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.For(send.AgentId)}"));
                await endpoint.Send(send.Message, timeout.Token);
                log.LogInformation("Build {BuildId} placed on {AgentId}: {Reason}", send.Build.Id, send.AgentId, send.Reason);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var why = ex is OperationCanceledException
                    ? $"could not reach {send.AgentId}'s queue: no answer from the message broker within {SendTimeout.TotalSeconds:0} s"
                    : $"could not reach {send.AgentId}'s queue: {ex.Message}";
                log.LogWarning(ex, "Build {BuildId} could not be sent to {AgentId}", send.Build.Id, send.AgentId);
                await using var scope = scopes.CreateAsyncScope();
                await UnsentAsync(scope.ServiceProvider.GetRequiredService<FarmDbContext>(), send, why, ct);
            }
        }
    }

    /// <summary>The agent never heard of the attempt: the build returns to the queue as it was before it.</summary>
    async Task UnsentAsync(FarmDbContext db, PlacementPass.Send send, string why, CancellationToken ct)
    {
        var build = await db.Builds.FirstOrDefaultAsync(
            b => b.Id == send.Build.Id && b.Attempt == send.Message.Attempt && b.Status == BuildStatus.Assigned, ct);
        if (build is null)
            return;
        var now = clock.GetUtcNow();
        build.Attempt--;
        build.AgentId = null;
        build.AssignedAt = null;
        build.WaitingReason = why;
        db.Record(build, BuildStatus.Queued, why, now);
        await db.SaveChangesAsync(ct);
    }
}
