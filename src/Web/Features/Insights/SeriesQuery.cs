using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>The charts' numbers per bucket: one grouped query for the counts and sums, one for the time saved, then
/// the percentiles bucket by bucket (<see cref="Percentile"/>). Buckets without builds are listed empty, so a chart's
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
                Timed = g.Count(b => (b.Status == BuildStatus.Succeeded || b.Status == BuildStatus.Failed) && b.DurationMs != null),
                Started = g.Count(b => b.StartedAt != null),
            })
            .ToDictionaryAsync(g => g.Key, ct);
        var saved = await (
                from b in builds
                from s in db.BuildSteps
                where s.BuildId == b.Id && s.Attempt == b.Attempt && s.SavedMs != null
                group s.SavedMs by FarmSql.Ms(b.QueuedAt) / size into g
                select new { g.Key, Ms = g.Sum() })
            .ToDictionaryAsync(g => g.Key, g => g.Ms ?? 0, ct);

        var points = new List<SeriesPoint>();
        for (var key = FirstBucket(filter.From, size); key * size < filter.To.ToUnixTimeMilliseconds(); key++)
        {
            var start = InsightsScope.Start(key, filter);
            if (!groups.TryGetValue(key, out var g))
            {
                points.Add(new SeriesPoint(start, 0, 0, 0, null, null, null, null, 0));
                continue;
            }
            var inBucket = InsightsScope.Builds(db, filter, Max(start, filter.From), Min(start.AddMilliseconds(size), filter.To));
            var durations = inBucket
                .Where(b => (b.Status == BuildStatus.Succeeded || b.Status == BuildStatus.Failed) && b.DurationMs != null)
                .Select(b => b.DurationMs!.Value);
            var waits = inBucket.Where(b => b.StartedAt != null).Select(b => FarmSql.Ms(b.StartedAt!.Value) - FarmSql.Ms(b.QueuedAt));
            points.Add(new SeriesPoint(start, g.Builds, g.Succeeded, g.Failed,
                g.Steps == 0 ? null : (double)g.Cached / g.Steps,
                await Percentile.OfAsync(durations, g.Timed, 0.50, ct),
                await Percentile.OfAsync(durations, g.Timed, 0.95, ct),
                await Percentile.OfAsync(waits, g.Started, 0.95, ct),
                saved.GetValueOrDefault(key) / 1000.0));
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
