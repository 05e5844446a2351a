using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>What the filters offer: the repositories built in the range, the agents, the bases builds used.</summary>
public sealed record FilterOptions(IReadOnlyList<string> Repositories, IReadOnlyList<(string Id, string Name)> Agents, IReadOnlyList<string> Bases)
{
    public static async Task<FilterOptions> LoadAsync(FarmDbContext db, InsightsFilter filter, CancellationToken ct)
    {
        var repositories = await db.Builds.AsNoTracking().Where(b => b.QueuedAt >= filter.From && b.QueuedAt < filter.To)
            .Select(b => b.Repository).Distinct().OrderBy(r => r).ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var bases = await db.BuildBases.AsNoTracking().Select(b => b.Reference).Distinct().OrderBy(r => r).ToListAsync(ct);
        return new FilterOptions(repositories, agents.Select(a => (a.Id, a.Name)).ToList(), bases);
    }
}
