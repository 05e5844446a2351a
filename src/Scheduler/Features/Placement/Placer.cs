using BuildFarm.Contracts;
using BuildFarm.Scheduler.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Places queued builds, oldest first. One pass at a time: two consumers placing at once would both see the same
/// free slot. The farm runs one scheduler process, so an in-process lock is enough.
/// </summary>
public sealed class Placer(IServiceScopeFactory scopes, IBus bus, TimeProvider clock, ILogger<Placer> log)
{
    readonly SemaphoreSlim _gate = new(1, 1);

    public async Task PlaceQueuedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
            var queued = await db.Builds.Where(b => b.Status == BuildStatus.Queued)
                .OrderBy(b => b.QueuedAt).ToListAsync(ct);
            if (queued.Count == 0)
                return;
            var agents = await LoadAgentsAsync(db, ct);
            foreach (var build in queued)
                await PlaceAsync(db, build, agents, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    static async Task<List<AgentSnapshot>> LoadAgentsAsync(FarmDbContext db, CancellationToken ct)
    {
        // Load from the builds table rather than heartbeats: a heartbeat lags behind assignments just made.
        var load = await db.Builds
            .Where(b => b.AgentId != null && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
            .GroupBy(b => b.AgentId!)
            .Select(g => new { AgentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.AgentId, x => x.Count, ct);
        var agents = await db.Agents
            .Select(a => new { a.Id, a.Name, a.Status, a.Capacity, a.DockerError })
            .ToListAsync(ct);
        return agents
            .Select(a => new AgentSnapshot(a.Id, a.Name, a.Status == "online", a.Capacity, load.GetValueOrDefault(a.Id), a.DockerError))
            .ToList();
    }

    async Task PlaceAsync(FarmDbContext db, Build build, List<AgentSnapshot> agents, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Cancelled while its request was still on its way (Web stores the flag before it can publish).
        if (build.CancelRequested)
        {
            build.FinishedAt = now;
            build.WaitingReason = null;
            db.Record(build, BuildStatus.Cancelled, "Cancelled before it reached an agent", now);
            await db.SaveChangesAsync(ct);
            await bus.AnnounceAsync(build, ct);
            return;
        }
        var decision = LeastLoadedPlacement.Place(agents);
        if (decision.AgentId is null)
        {
            if (build.WaitingReason != decision.Reason)
            {
                build.WaitingReason = decision.Reason;
                await db.SaveChangesAsync(ct);
                await bus.AnnounceAsync(build, ct);
            }
            return;
        }

        build.Attempt++;
        build.AgentId = decision.AgentId;
        build.AssignedAt = now;
        build.WaitingReason = null;
        build.PlacementReason = decision.Reason;
        db.Record(build, BuildStatus.Assigned, $"Assigned to {decision.AgentId} (attempt {build.Attempt}): {decision.Reason}", now);
        await db.SaveChangesAsync(ct);

        var index = agents.FindIndex(a => a.Id == decision.AgentId);
        agents[index] = agents[index] with { Running = agents[index].Running + 1 };

        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.For(decision.AgentId)}"));
            await endpoint.Send(new StartBuild(build.Id, build.Attempt, build.Spec()), ct);
            log.LogInformation("Build {BuildId} placed on {AgentId}: {Reason}", build.Id, decision.AgentId, decision.Reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The agent never heard of it: back to the queue, with the broker's own words.
            build.Attempt--;
            build.AgentId = null;
            build.AssignedAt = null;
            build.WaitingReason = $"could not reach {decision.AgentId}'s queue: {ex.Message}";
            db.Record(build, BuildStatus.Queued, build.WaitingReason, now);
            await db.SaveChangesAsync(ct);
            log.LogWarning(ex, "Build {BuildId} could not be sent to {AgentId}", build.Id, decision.AgentId);
        }
        await bus.AnnounceAsync(build, ct);
    }
}
