using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>Reads the snapshot placement decides over: agents with their load, work ahead and cache inventory, and
/// step timings.</summary>
static class ClusterLoader
{
    // Enough history for stable averages without reading the whole table on every decision.
    const int MeasuredSteps = 5000;

    /// <summary>The agents with their load and work ahead, and an empty <see cref="CacheIndex"/> that
    /// <see cref="AddHeldAsync"/> fills with the keys of the builds a pass is about to decide: the inventory holds every
    /// key of every agent (tens of thousands each) while a decision needs a few dozen.</summary>
    /// <param name="durations">Step durations from <see cref="DurationsAsync"/>, which the caller keeps between passes.</param>
    public static async Task<ClusterSnapshot> LoadAsync(FarmDbContext db, DateTimeOffset now, StepDurations durations, CancellationToken ct)
    {
        // Load from the builds table rather than heartbeats: a heartbeat lags behind assignments just made.
        var active = await db.Builds.AsNoTracking()
            .Where(b => b.AgentId != null && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
            .Select(b => new ActiveBuild(b.AgentId!, b.Status, b.AssignedAt, b.StartedAt, b.PredictedSeconds, b.PlanJson))
            .ToListAsync(ct);
        var byAgent = active.ToLookup(b => b.AgentId);
        // In a fixed order: the database returns rows in whatever order their latest heartbeat left them, and a reason
        // that lists the agents read as changed on every pass (see WaitingBuilds); ties between agents also break the same way.
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
        // Turned around (key -> agents), a decision hashes each of the build's keys once rather than once per agent:
        // the difference between about 1.2 and 0.8 ms at p99 over a thousand agents (placement benchmark).
        var index = new CacheIndex();
        var snapshots = agents.Select(a =>
        {
            index.Add(a.Id, []);
            var mine = byAgent[a.Id].ToList();
            return a.ToSnapshot(mine.Count) with
            {
                // A live view of what AddHeldAsync reads; a FROM step's key is its base digest, so one set answers both.
                CacheKeys = index.KeysOf(a.Id),
                BaseDigests = index.KeysOf(a.Id),
                IncomingKeys = Incoming(mine.Select(b => b.PlanJson)),
                WorkAheadSeconds = WorkAhead(mine, now),
            };
        }).ToList();
        return new ClusterSnapshot(snapshots) { Durations = durations, Index = index };
    }

    /// <summary>Reads which agents hold <paramref name="keys"/> (cache keys and base digests) into the snapshot's index.</summary>
    public static async Task AddHeldAsync(FarmDbContext db, CacheIndex index, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return;
        var held = await db.AgentCacheKeys.Where(k => keys.Contains(k.Key)).Select(k => new { k.AgentId, k.Key }).ToListAsync(ct);
        foreach (var agent in held.GroupBy(k => k.AgentId))
            index.Add(agent.Key, agent.Select(k => k.Key));
    }

    /// <summary>The snapshot after one more build went to <paramref name="agentId"/>, so the next decision of the same
    /// pass sees it busier, with that build's keys on their way and its time ahead.</summary>
    public static ClusterSnapshot WithAssigned(ClusterSnapshot cluster, string agentId, BuildPlan plan, double? seconds) =>
        cluster with
        {
            Agents = cluster.Agents.Select(a => a.Id != agentId ? a : a with
            {
                Running = a.Running + 1,
                IncomingKeys = plan.Steps.Count == 0 ? a.IncomingKeys : a.IncomingKeys.Union(plan.Steps.Select(s => s.Key)).ToHashSet(StringComparer.Ordinal),
                WorkAheadSeconds = [.. Padded(a, cluster.Options.UnknownBuildSeconds), seconds ?? cluster.Options.UnknownBuildSeconds],
            }).ToList(),
        };

    /// <summary>What steps took when they really ran (not cached), the most recent first: by key where the step had
    /// one, and by instruction text for keys never measured.</summary>
    public static async Task<StepDurations> DurationsAsync(FarmDbContext db, CancellationToken ct)
    {
        var measured = await db.BuildSteps
            .Where(s => s.Status == StepStatus.Done && s.DurationMs != null)
            .OrderByDescending(s => s.StartedAt).ThenBy(s => s.BuildId).ThenBy(s => s.Index)
            .Take(MeasuredSteps)
            .Select(s => new { s.Key, s.Instruction, s.DurationMs })
            .ToListAsync(ct);
        var byKey = measured.Where(s => s.Key != null).GroupBy(s => s.Key!)
            .ToDictionary(g => g.Key, g => g.Average(s => s.DurationMs!.Value) / 1000.0, StringComparer.Ordinal);
        var byInstruction = measured.GroupBy(s => s.Instruction)
            .ToDictionary(g => g.Key, g => g.Average(s => s.DurationMs!.Value) / 1000.0);
        return new StepDurations(byKey, byInstruction);
    }

    static IReadOnlySet<string> Incoming(IEnumerable<string?> plans)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in plans)
            if (json is not null && JsonSerializer.Deserialize<BuildPlan>(json, Placer.Json) is { } plan)
                keys.UnionWith(plan.Steps.Select(s => s.Key));
        return keys;
    }

    /// <summary>Running builds first with what is left of their estimate (<see cref="AgentSnapshot.Remaining"/>),
    /// then the assigned ones in the order the agent will start them.</summary>
    static IReadOnlyList<double> WorkAhead(IReadOnlyList<ActiveBuild> builds, DateTimeOffset now) =>
        builds.OrderBy(b => b.Status == BuildStatus.Running ? 0 : 1).ThenBy(b => b.AssignedAt)
            .Select(b => b.PredictedSeconds is not { } seconds ? PlacementOptions.Default.UnknownBuildSeconds
                : b.Status == BuildStatus.Running && b.StartedAt is { } started ? AgentSnapshot.Remaining(seconds, (now - started).TotalSeconds)
                : seconds)
            .ToList();

    // The list is positional (one entry per build in Running): keep it aligned before appending.
    static IEnumerable<double> Padded(AgentSnapshot a, double unknown) =>
        a.WorkAheadSeconds.Concat(Enumerable.Repeat(unknown, Math.Max(0, a.Running - a.WorkAheadSeconds.Count)));

    sealed record ActiveBuild(string AgentId, string Status, DateTimeOffset? AssignedAt, DateTimeOffset? StartedAt,
        double? PredictedSeconds, string? PlanJson);
}
