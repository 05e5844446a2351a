using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Places queued builds, oldest first. One pass at a time: two consumers placing at once would both see the same
/// free slot. The farm runs one scheduler process, so an in-process lock is enough.
/// </summary>
public sealed class Placer(IServiceScopeFactory scopes, IBus bus, TimeProvider clock, IOptions<SchedulerOptions> options, ILogger<Placer> log)
{
    readonly SemaphoreSlim _gate = new(1, 1);
    // Round robin's position; in memory, like the rotation of any load balancer.
    int _turn;
    // Averages over thousands of measured steps, which only change when a build ends: read again after one did, not on
    // every pass (agents' heartbeats trigger passes while builds wait, several a second on a large farm).
    StepDurations? _durations;
    volatile bool _durationsStale = true;

    /// <summary>Says a build ended, so the step durations placement estimates from have new measurements.</summary>
    public void StepsMeasured() => _durationsStale = true;

    public async Task PlaceQueuedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
            var queued = await db.Builds.Where(b => b.Status == BuildStatus.Queued)
                .OrderBy(b => b.QueuedAt).ThenBy(b => b.Id).ToListAsync(ct);
            if (queued.Count == 0)
                return;
            var plans = queued.ToDictionary(b => b.Id, PlanOf);
            var wanted = plans.Values.SelectMany(p => p?.Steps ?? [])
                .SelectMany(s => s.BaseDigest is { } digest ? [s.Key, digest] : new[] { s.Key })
                .ToHashSet(StringComparer.Ordinal);
            if (_durations is null || _durationsStale)
            {
                // Cleared first: a build ending while this reads marks them stale again for the next pass.
                _durationsStale = false;
                _durations = await ClusterLoader.DurationsAsync(db, ct);
            }
            var cluster = await ClusterLoader.LoadAsync(db, clock.GetUtcNow(), wanted, _durations, ct) with { Options = options.Value.PlacementOptions };
            foreach (var build in queued)
                cluster = await PlaceAsync(db, build, plans[build.Id], cluster, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Places one build and returns the snapshot with the chosen agent one build busier.</summary>
    async Task<ClusterSnapshot> PlaceAsync(FarmDbContext db, Build build, BuildPlan? plan, ClusterSnapshot cluster, CancellationToken ct)
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
            return cluster;
        }
        var decision = Decide(plan, cluster);
        if (decision.AgentId is null)
        {
            if (build.WaitingReason != decision.Reason)
            {
                build.WaitingReason = decision.Reason;
                build.CandidatesJson = JsonSerializer.Serialize(decision.Candidates, Json);
                await db.SaveChangesAsync(ct);
                await bus.AnnounceAsync(build, ct);
            }
            return cluster;
        }
        var chosen = decision.Candidates.First(c => c.AgentId == decision.AgentId);
        build.CandidatesJson = JsonSerializer.Serialize(decision.Candidates, Json);
        build.PredictedCachedSteps = plan is null ? null : chosen.CachedSteps;
        // Whatever the policy, the farm predicts what the chosen agent will find cached, so every policy is scored alike.
        build.PredictedKeysJson = plan is null ? null
            : JsonSerializer.Serialize(CacheAffinityPlacement.PredictedCachedKeys(cluster, plan, chosen.AgentId), Json);
        build.PredictedSeconds = plan is null ? null : PredictedSeconds(cluster, plan, chosen);
        if (options.Value.Placement == PlacementPolicy.RoundRobin)
            _turn++;

        build.Attempt++;
        build.AgentId = decision.AgentId;
        build.AssignedAt = now;
        build.WaitingReason = null;
        build.PlacementReason = decision.Reason;
        db.Record(build, BuildStatus.Assigned, $"Assigned to {decision.AgentId} (attempt {build.Attempt}): {decision.Reason}", now);
        await db.SaveChangesAsync(ct);

        cluster = ClusterLoader.WithAssigned(cluster, decision.AgentId, plan, build.PredictedSeconds);

        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.For(decision.AgentId)}"));
            await endpoint.Send(new StartBuild(build.Id, build.Attempt, build.Spec(), build.Commit, plan?.Keys()), ct);
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
        return cluster;
    }

    /// <summary>Builds with a plan go where most of their chain is cached; a build that could not be planned (its
    /// Dockerfile unreadable at submit, say) still runs, placed by load alone.</summary>
    PlacementDecision Decide(BuildPlan? plan, ClusterSnapshot cluster) => options.Value.Placement switch
    {
        PlacementPolicy.RoundRobin => RoundRobinPlacement.Place(cluster.Agents, _turn),
        PlacementPolicy.LeastLoaded => LeastLoadedPlacement.Place(cluster.Agents),
        _ when plan is not null => CacheAffinityPlacement.Place(cluster, plan),
        _ => LeastLoadedPlacement.Place(cluster.Agents),
    };

    /// <summary>Expected run time on the chosen agent: cache-affinity placement scored it already; the other policies
    /// get the same estimate so later builds can tell how long they would queue behind this one.</summary>
    static double PredictedSeconds(ClusterSnapshot cluster, BuildPlan plan, CandidateVerdict chosen) =>
        chosen.BuildSeconds > 0 || chosen.SecondsSaved > 0
            ? chosen.BuildSeconds
            : CacheAffinityPlacement.Place(cluster with { Agents = cluster.Agents.Where(a => a.Id == chosen.AgentId).ToList() }, plan)
                .Candidates.FirstOrDefault()?.BuildSeconds ?? 0;

    static BuildPlan? PlanOf(Build build) =>
        build.PlanJson is { } json ? JsonSerializer.Deserialize<BuildPlan>(json, Json) : null;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
