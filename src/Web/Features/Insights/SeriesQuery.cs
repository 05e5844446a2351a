using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>The charts' numbers per bucket: one grouped query for the counts and sums, then one for every bucket's
/// percentiles (<see cref="Percentile"/>). Buckets without builds are listed empty, so a chart's
/// gaps read as quiet time rather than as a line drawn across it.</summary>
static class SeriesQuery
{
    public static async Task<SeriesResponse> SeriesAsync(this FarmDbContext db, InsightsFilter filter, CancellationToken ct = default)
    {
        var size = filter.BucketMs;
        var builds = InsightsScope.Builds(db, filter);
        var groups = await builds
            .GroupBy(b => FarmSql.Ms(b.QueuedAt) / size)
            .Select(g => new
            {
                g.Key,
                Builds = g.Count(),
                Succeeded = g.Count(b => b.Status == BuildStatus.Succeeded),
                Failed = g.Count(b => b.Status == BuildStatus.Failed),
                // Release and no-cache builds miss on purpose: counted, they would read as a cold farm.
                Cached = g.Sum(b => b.Release || b.NoCache ? 0 : b.StepsCached),
                Steps = g.Sum(b => b.Release || b.NoCache ? 0 : b.StepsTotal),
                Timed = g.Count(b => b.DurationMs != null && b.Status != BuildStatus.Cancelled),
                Started = g.Count(b => b.StartedAt != null),
                SavedMs = g.Sum(b => b.SavedMs),
            })
            .ToDictionaryAsync(g => g.Key, ct);
        var keys = new List<long>();
        for (var key = FirstBucket(filter.From, size); key * size < filter.To.ToUnixTimeMilliseconds(); key++)
            keys.Add(key);
        var asks = new List<PercentileAsk>();
        foreach (var key in keys)
        {
            var start = InsightsScope.Start(key, filter);
            var inBucket = InsightsScope.Builds(db, filter, Max(start, filter.From), Min(start.AddMilliseconds(size), filter.To));
            // Succeeded and failed builds (a build has a duration once it ran to an end), said so that SQLite's planner,
            // which has no statistics, walks the QueuedAt index rather than the Status index over every build.
            var durations = inBucket.Where(b => b.DurationMs != null && b.Status != BuildStatus.Cancelled).Select(b => b.DurationMs!.Value);
            var waits = inBucket.Where(b => b.StartedAt != null).Select(b => FarmSql.Ms(b.StartedAt!.Value) - FarmSql.Ms(b.QueuedAt));
            var g = groups.GetValueOrDefault(key);
            asks.Add(new PercentileAsk(durations, g?.Timed ?? 0, 0.50));
            asks.Add(new PercentileAsk(durations, g?.Timed ?? 0, 0.95));
            asks.Add(new PercentileAsk(waits, g?.Started ?? 0, 0.95));
        }
        var percentiles = await Percentile.ManyAsync(asks, ct);

        var points = new List<SeriesPoint>();
        for (var i = 0; i < keys.Count; i++)
        {
            var start = InsightsScope.Start(keys[i], filter);
            points.Add(groups.TryGetValue(keys[i], out var g)
                ? new SeriesPoint(start, g.Builds, g.Succeeded, g.Failed, g.Steps == 0 ? null : (double)g.Cached / g.Steps,
                    percentiles[3 * i], percentiles[3 * i + 1], percentiles[3 * i + 2], g.SavedMs / 1000.0)
                : new SeriesPoint(start, 0, 0, 0, null, null, null, null, 0));
        }
        return new SeriesResponse(points);
    }

    /// <summary>The builds of one bucket, newest first, for the list a click on a chart opens.</summary>
    public static Task<List<BucketBuild>> BucketBuildsAsync(this FarmDbContext db, InsightsFilter filter, DateTimeOffset start,
        int limit, CancellationToken ct = default) =>
        InsightsScope.Builds(db, filter, Max(start, filter.From), Min(start.AddMilliseconds(filter.BucketMs), filter.To))
            .OrderByDescending(b => b.QueuedAt).ThenByDescending(b => b.Id)
            .Take(limit)
            .Select(b => new BucketBuild(b.Id, b.Status, b.Repository, b.Ref, b.AgentId, b.QueuedAt, b.DurationMs, b.StepsCached, b.StepsTotal))
            .ToListAsync(ct);

    static long FirstBucket(DateTimeOffset at, long size) => (long)Math.Floor(at.ToUnixTimeMilliseconds() / (double)size);

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
