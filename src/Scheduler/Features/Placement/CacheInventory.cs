using BuildFarm.Contracts;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// The farm's mirror of what each agent's BuildKit cache holds, in cache-key chain terms. Agents are the authority
/// (they prune, and know what they dropped); the scheduler applies their reports, and between reports corrects the
/// mirror with what a finished build proved.
/// </summary>
static class CacheInventory
{
    /// <summary>Applies an agent's report: a complete one replaces the agent's keys, an incremental one adds the keys
    /// it used and removes those it dropped. Applying a report twice changes nothing.</summary>
    public static async Task ApplyAsync(FarmDbContext db, AgentCacheReported report, CancellationToken ct)
    {
        var dropped = report.Dropped.Except(report.Held, StringComparer.Ordinal).ToList();
        if (report.Complete)
        {
            // What the mirror held that the full inventory lacks was pruned while the farm was not told (the agent was
            // down): dropped by the time of this report.
            var held = report.Held.ToHashSet(StringComparer.Ordinal);
            var mirrored = await db.AgentCacheKeys.Where(k => k.AgentId == report.AgentId).Select(k => k.Key).ToListAsync(ct);
            dropped.AddRange(mirrored.Where(k => !held.Contains(k)));
            await db.AgentCacheKeys.Where(k => k.AgentId == report.AgentId).ExecuteDeleteAsync(ct);
        }
        await RecordDropsAsync(db, report.AgentId, dropped, report.At, ct);
        // Counts the rows really removed: a redelivered report finds them gone and adds nothing.
        var removed = await RemoveAsync(db, report.AgentId, dropped, ct);
        await AddAsync(db, report.AgentId, report.Held, ct);
        if (await db.Agents.FirstOrDefaultAsync(a => a.Id == report.AgentId, ct) is { } agent)
        {
            agent.CacheBytes = report.CacheBytes;
            agent.CacheBudgetBytes = report.BudgetBytes;
            agent.CacheKeysDropped += report.Complete ? 0 : removed;
        }
    }

    /// <summary>Marks keys as held by the agent (those it already holds stay as they are). The agent keeps its own
    /// least-recently-used order; the farm only needs to know what is there.</summary>
    public static async Task AddAsync(FarmDbContext db, string agentId, IEnumerable<string> keys, CancellationToken ct)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
            return;
        var held = await db.AgentCacheKeys.Where(k => k.AgentId == agentId && wanted.Contains(k.Key)).Select(k => k.Key).ToListAsync(ct);
        foreach (var key in wanted.Except(held, StringComparer.Ordinal))
            db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = agentId, Key = key });
    }

    /// <summary>Keeps when the agent last dropped each key, so a later miss on it can say it was pruned, and when. A
    /// replayed report finds the same time and changes nothing.</summary>
    static async Task RecordDropsAsync(FarmDbContext db, string agentId, IReadOnlyCollection<string> keys, DateTimeOffset at, CancellationToken ct)
    {
        if (keys.Count == 0)
            return;
        var known = await db.AgentCacheDrops.Where(d => d.AgentId == agentId && keys.Contains(d.Key)).ToDictionaryAsync(d => d.Key, StringComparer.Ordinal, ct);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (!known.TryGetValue(key, out var drop))
                db.AgentCacheDrops.Add(new AgentCacheDrop { AgentId = agentId, Key = key, DroppedAt = at });
            else if (drop.DroppedAt < at)
                drop.DroppedAt = at;
        }
    }

    /// <summary>Stores how many keys the agent now holds; call after the changes are saved.</summary>
    public static Task RecountAsync(FarmDbContext db, string agentId, CancellationToken ct) =>
        db.Agents.Where(a => a.Id == agentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CacheKeyCount, a => db.AgentCacheKeys.Count(k => k.AgentId == agentId)), ct);

    /// <summary>Forgets keys the agent no longer holds.</summary>
    /// <returns>How many it held.</returns>
    public static async Task<int> RemoveAsync(FarmDbContext db, string agentId, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        keys.Count == 0 ? 0 : await db.AgentCacheKeys.Where(k => k.AgentId == agentId && keys.Contains(k.Key)).ExecuteDeleteAsync(ct);
}
