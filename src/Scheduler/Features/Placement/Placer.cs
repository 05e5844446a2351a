using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Places queued builds, oldest first. One pass at a time: two passes deciding at once would both see the same free
/// slot. The farm runs one scheduler process, so an in-process lock is enough (<see cref="PassQueue"/>, which also lets
/// a caller join a pass that has yet to start). The lock covers deciding and one save of every decision, never the
/// broker: the StartBuilds go out after it is released, so a broker that is slow or gone stalls neither the next pass
/// nor the liveness sweep that shares its loop.
/// </summary>
public sealed class Placer(
    IServiceScopeFactory scopes, IBus bus, TimeProvider clock, IOptions<SchedulerOptions> options, IHostApplicationLifetime lifetime, ILogger<Placer> log)
{
    readonly PassQueue _passes = new();
    readonly WaitingBuilds _waiting = new(options, log);
    readonly QueueReach _reach = new();
    readonly StartSender _sender = new(scopes, bus, clock, log);
    // Round robin's position; in memory, like the rotation of any load balancer.
    int _turn;
    // Averages over thousands of measured steps, which only change when a build ends: read again after one did, not on
    // every pass (agents' heartbeats trigger passes while builds wait, several a second on a large farm).
    StepDurations? _durations;
    volatile bool _durationsStale = true;

    /// <summary>Says a build ended, so the step durations placement estimates from have new measurements.</summary>
    public void StepsMeasured() => _durationsStale = true;

    public Task PlaceQueuedAsync(CancellationToken ct)
    {
        var pass = new PlacementPass();
        return _passes.RunAsync(() => DecideAsync(pass, ct), () => _sender.SendAsync(pass, ct), ct);
    }

    /// <summary>
    /// Asks for a pass without waiting for it: for the consumers of the build-events queue, which takes one message at a
    /// time to keep each build's events in order. Awaited there, a pass over a long queue (a second at a thousand queued
    /// builds on a busy machine) held up every agent's results behind it, and a finished build's agent stayed busy to
    /// placement until its result was read: twenty agents stood idle most of the time. A pass that fails here is logged;
    /// the liveness sweep's pass, a few seconds later, places what it did not.
    /// </summary>
    public void PlaceSoon() => _ = PlaceInBackgroundAsync();

    async Task PlaceInBackgroundAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await PlaceQueuedAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Placement pass after a build ended failed; the next sweep places what it did not");
        }
    }

    async Task DecideAsync(PlacementPass pass, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        // One connection for the pass's reads and its save, instead of one from the pool per statement.
        await db.Database.OpenConnectionAsync(ct);
        var (now, cluster) = await DecideAsync(db, pass, ct);
        await pass.SaveAsync(db, log, ct);
        if (pass.Whole)
            _reach.WholeSaved(now, cluster);
        log.LogDebug("Placement pass over {Queued} queued builds placed {Placed} in {Milliseconds:0.0} ms, deciding {Decided} ({Reach})",
            pass.Queued, pass.Sends.Count, clock.GetElapsedTime(started).TotalMilliseconds, pass.Decided, pass.Whole ? "whole queue" : "head");
    }

    /// <summary>Decides the queue's head while an agent has room, or the whole queue when <see cref="QueueReach"/> says
    /// so; returns the moment and the farm as the pass first read it.</summary>
    async Task<(DateTimeOffset Now, ClusterSnapshot Cluster)> DecideAsync(FarmDbContext db, PlacementPass pass, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        _waiting.Prune(now);
        if (_durations is null || _durationsStale)
        {
            // Cleared first: a build ending while this reads marks them stale again for the next pass.
            _durationsStale = false;
            _durations = await ClusterLoader.DurationsAsync(db, ct);
        }
        var read = await ClusterLoader.LoadAsync(db, now, _durations, ct) with { Options = options.Value.PlacementOptions };
        pass.Whole = _reach.WholeDue(now, read);
        var (cluster, seen, asked) = (read, new HashSet<Guid>(), new HashSet<string>(StringComparer.Ordinal));
        var (skip, take, last) = (0, pass.Whole ? null : (int?)QueueReach.FirstPage(BuildPlacement.Room(read, SiteRanking())), false);
        while (!last && (pass.Whole || BuildPlacement.Room(cluster, SiteRanking()) > 0))
        {
            (var page, last) = await PlacementQueue.ReadAsync(db, skip, take, seen, ct);
            cluster = await DecideAsync(db, pass, page, asked, cluster, ct);
            skip += take ?? 0;
            take *= 2;
        }
        // The rest would all wait, as they do; but a build just queued must learn why, and one cancelled must end.
        if (!last)
            await DecideAsync(db, pass, await PlacementQueue.ReadPressingAsync(db, seen, ct), asked, cluster, ct);
        pass.Decided = seen.Count;
        // Counting the queue costs a round trip that only the Debug log (which the load bench reads) needs.
        pass.Queued = last ? seen.Count : log.IsEnabled(LogLevel.Debug) ? await PlacementQueue.CountAsync(db, ct) : null;
        return (now, read);
    }

    /// <summary>Decides <paramref name="builds"/> in order, after reading which agents hold the keys of their plans
    /// that the pass has not asked about yet.</summary>
    async Task<ClusterSnapshot> DecideAsync(FarmDbContext db, PlacementPass pass, List<Build> builds, ISet<string> asked,
        ClusterSnapshot cluster, CancellationToken ct)
    {
        var plans = builds.ToDictionary(b => b.Id, PlanOf);
        var wanted = plans.Values.SelectMany(p => p.Steps)
            .SelectMany(s => s.BaseDigest is { } digest ? [s.Key, digest] : new[] { s.Key })
            .Where(asked.Add)
            .ToList();
        await ClusterLoader.AddHeldAsync(db, cluster.Index!, wanted, ct);
        foreach (var build in builds)
            cluster = await DecideAsync(db, pass, build, plans[build.Id], cluster, ct);
        return cluster;
    }

    /// <summary>Decides one build and returns the snapshot with the chosen agent one build busier.</summary>
    async Task<ClusterSnapshot> DecideAsync(FarmDbContext db, PlacementPass pass, Build build, BuildPlan plan, ClusterSnapshot cluster, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Cancelled while its request was still on its way (Web stores the flag before it can publish).
        if (build.CancelRequested)
        {
            build.FinishedAt = now;
            build.WaitingReason = null;
            db.Record(build, BuildStatus.Cancelled, "Cancelled before it reached an agent", now);
            pass.Changed.Add(build);
            return cluster;
        }
        var decision = BuildPlacement.Place(cluster, plan, SiteRanking());
        if (decision.AgentId is null)
        {
            await _waiting.WaitAsync(db, pass, build, decision, now, ct);
            return cluster;
        }
        // A no-cache build has no hits to predict, so it is not scored: nothing it runs can be a false hit.
        var planned = plan.Steps.Count > 0 && !build.NoCache;
        build.CandidatesJson = JsonSerializer.Serialize(decision.Candidates, Json);
        build.PredictedCachedSteps = planned ? decision.Chosen?.CachedSteps : null;
        build.PredictedKeysJson = planned ? JsonSerializer.Serialize(decision.PredictedCachedKeys, Json) : null;
        build.PredictedSeconds = decision.PredictedSeconds;
        if (options.Value.Placement == PlacementPolicy.RoundRobin)
            _turn++;

        build.Attempt++;
        build.AgentId = decision.AgentId;
        build.AssignedAt = now;
        build.WaitingReason = null;
        build.PlacementReason = decision.Reason;
        db.Record(build, BuildStatus.Assigned, $"Assigned to {decision.AgentId} (attempt {build.Attempt}): {decision.Reason}", now);
        pass.Changed.Add(build);
        pass.Sends.Add(new PlacementPass.Send(build,
            new StartBuild(build.Id, build.Attempt, build.Spec(), build.Commit, build.PlanJson is null ? null : plan.Keys(),
                plan.Pins.Count > 0 ? plan.Pins : null),
            decision.AgentId, decision.Reason));
        return ClusterLoader.WithAssigned(cluster, decision.AgentId, plan, build.PredictedSeconds);
    }

    /// <summary>The site's setting only chooses how eligible agents are ranked; the constraints hold for all.</summary>
    Ranking SiteRanking() => options.Value.Placement switch
    {
        PlacementPolicy.RoundRobin => Ranking.RoundRobin(_turn),
        PlacementPolicy.LeastLoaded => Ranking.LeastLoaded,
        _ => Ranking.CacheAffinity,
    };

    /// <summary>What placement needs of a build: its plan when it was planned at submit (else no steps and no platform),
    /// with the labels it requires and, for a GPU check, the GPU.</summary>
    static BuildPlan PlanOf(Build build)
    {
        var plan = build.PlanJson is { } json ? JsonSerializer.Deserialize<BuildPlan>(json, Json) : null;
        return plan is null ? BuildPlan.Unplanned(build.Spec()) : plan with { RequiredLabels = build.RequiredLabels };
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
