using BuildFarm.Contracts;
using BuildFarm.Scheduler.Data;
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
        if (report.Complete)
            await db.AgentCacheKeys.Where(k => k.AgentId == report.AgentId).ExecuteDeleteAsync(ct);
        var dropped = report.Dropped.Except(report.Held, StringComparer.Ordinal).ToList();
        await RemoveAsync(db, report.AgentId, dropped, ct);
        await TouchAsync(db, report.AgentId, report.Held, report.At, ct);
        if (await db.Agents.FirstOrDefaultAsync(a => a.Id == report.AgentId, ct) is { } agent)
        {
            agent.CacheBytes = report.CacheBytes;
            agent.CacheBudgetBytes = report.BudgetBytes;
            agent.CacheKeysDropped += report.Complete ? 0 : dropped.Count;
        }
    }

    /// <summary>Marks keys as held by the agent, last used at <paramref name="at"/>.</summary>
    public static async Task TouchAsync(FarmDbContext db, string agentId, IEnumerable<string> keys, DateTimeOffset at, CancellationToken ct)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
            return;
        var held = await db.AgentCacheKeys.Where(k => k.AgentId == agentId && wanted.Contains(k.Key)).ToListAsync(ct);
        foreach (var key in held)
            key.LastUsedAt = key.LastUsedAt > at ? key.LastUsedAt : at;
        foreach (var key in wanted.Except(held.Select(k => k.Key)))
            db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = agentId, Key = key, LastUsedAt = at });
    }

    /// <summary>Stores how many keys the agent now holds; call after the changes are saved.</summary>
    public static Task RecountAsync(FarmDbContext db, string agentId, CancellationToken ct) =>
        db.Agents.Where(a => a.Id == agentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CacheKeyCount, a => db.AgentCacheKeys.Count(k => k.AgentId == agentId)), ct);

    public static async Task RemoveAsync(FarmDbContext db, string agentId, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count > 0)
            await db.AgentCacheKeys.Where(k => k.AgentId == agentId && keys.Contains(k.Key)).ExecuteDeleteAsync(ct);
    }
}
