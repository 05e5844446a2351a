using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>The builds a filter covers, as a query every figure starts from: the range rides on the QueuedAt index,
/// the base on build_bases' index.</summary>
static class InsightsScope
{
    public static IQueryable<Build> Builds(FarmDbContext db, InsightsFilter filter) =>
        Builds(db, filter, filter.From, filter.To);

    public static IQueryable<Build> Builds(FarmDbContext db, InsightsFilter filter, DateTimeOffset from, DateTimeOffset to)
    {
        var builds = db.Builds.AsNoTracking().Where(b => b.QueuedAt >= from && b.QueuedAt < to);
        if (filter.Repository is { } repository)
            builds = builds.Where(b => b.Repository == repository);
        if (filter.Agent is { } agent)
            builds = builds.Where(b => b.AgentId == agent || db.Agents.Any(a => a.Id == b.AgentId && a.Name == agent));
        if (filter.Base is { } reference)
            builds = builds.Where(b => db.BuildBases.Any(x => x.BuildId == b.Id && x.Reference == reference));
        return builds;
    }

    /// <summary>The bucket a build falls in, as milliseconds since the epoch divided by the bucket's length (UTC).</summary>
    public static DateTimeOffset Start(long key, InsightsFilter filter) => DateTimeOffset.FromUnixTimeMilliseconds(key * filter.BucketMs);
}
