using System.Text.Json;
using BuildFarm.Scheduler.Data;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// What each agent's BuildKit cache holds, in cache-key chain terms. A build that succeeded leaves every step of its
/// chain on its agent (built or reused), whatever placement predicted: that is how a wrong prediction corrects the
/// inventory.
/// </summary>
static class CacheInventory
{
    public static async Task RecordAsync(FarmDbContext db, Build build, string agentId, DateTimeOffset at, CancellationToken ct)
    {
        if (build.PlanJson is null || JsonSerializer.Deserialize<BuildPlan>(build.PlanJson, Placer.Json) is not { } plan)
            return;
        var keys = plan.Steps.Select(s => s.Key)
            .Concat(plan.Steps.Where(s => s.BaseDigest is not null).Select(s => s.BaseDigest!))
            .ToHashSet(StringComparer.Ordinal);
        var held = await db.AgentCacheKeys.Where(k => k.AgentId == agentId && keys.Contains(k.Key)).ToListAsync(ct);
        foreach (var key in held)
            key.LastUsedAt = at;
        foreach (var key in keys.Except(held.Select(k => k.Key)))
            db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = agentId, Key = key, LastUsedAt = at });
    }
}
