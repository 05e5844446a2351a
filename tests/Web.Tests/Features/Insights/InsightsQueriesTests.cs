using BuildFarm.Testing;
using BuildFarm.Web.Features.Insights;

namespace BuildFarm.Web.Tests.Features.Insights;

/// <summary>The insights' figures on a real database (SQLite, or PostgreSQL in that tier), against <see cref="InsightsSample"/>
/// counted by hand.</summary>
public sealed class InsightsQueriesTests : IAsyncLifetime
{
    TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.WithDbAsync(InsightsSample.SeedAsync);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    static InsightsFilter Days(string? repository = null, string? agent = null, string? @base = null) =>
        new(InsightsSample.Day1, InsightsSample.End, Bucket.Day, repository, agent, @base);

    [Fact]
    public async Task Should_count_each_day_and_take_percentiles_by_nearest_rank()
    {
        var series = (await _database.WithDbAsync(db => db.SeriesAsync(Days()))).Series;

        Assert.Equal(
        [
            // Durations 100, 200, 300, 400 s: p50 is the 2nd, p95 the 4th; waits 10, 30, 60, 120 s: p95 the 4th.
            // Hit rate 4 of 8 steps: the release (4/4) and the no-cache build (0/5) are left out. Saved: b1's 12 s.
            new SeriesPoint(InsightsSample.Day1, 5, 3, 1, 0.5, 200_000, 400_000, 120_000, 12),
            new SeriesPoint(InsightsSample.Day2, 1, 1, 0, 1.0, 50_000, 50_000, 5_000, 1),
        ], series);
    }

    [Fact]
    public async Task Should_take_the_nearest_rank_percentiles_of_a_larger_group_with_ties()
    {
        var day = DateTimeOffset.Parse("2026-10-01T00:00:00Z");
        // 20 durations with a tie at the top: sorted 1..18, 30, 30 s (seeded shuffled); p50 is the 10th, p95 the 19th.
        long[] seconds = [30, 7, 1, 18, 12, 30, 3, 9, 15, 2, 11, 5, 17, 4, 14, 8, 16, 6, 13, 10];
        await _database.WithDbAsync(db =>
        {
            db.Builds.AddRange(seconds.Select((s, i) => new Data.Build
            {
                Id = Guid.NewGuid(), Status = Shared.Builds.BuildStatus.Succeeded, Repository = "r", Ref = "main", Attempt = 1,
                QueuedAt = day.AddMinutes(i), StartedAt = day.AddMinutes(i).AddSeconds(i), DurationMs = s * 1000,
            }));
            return db.SaveChangesAsync();
        });

        var point = Assert.Single((await _database.WithDbAsync(db => db.SeriesAsync(new InsightsFilter(day, day.AddDays(1), Bucket.Day)))).Series);

        Assert.Equal((10_000L, 30_000L, 18_000L), (point.P50Ms, point.P95Ms, point.QueueP95Ms));
    }

    [Fact]
    public async Task Should_bucket_by_hour_and_list_quiet_hours_empty()
    {
        var filter = new InsightsFilter(InsightsSample.Day1.AddHours(10), InsightsSample.Day1.AddHours(13), Bucket.Hour);

        var series = (await _database.WithDbAsync(db => db.SeriesAsync(filter))).Series;

        Assert.Equal([10, 11, 12], series.Select(p => p.Start.Hour));
        Assert.Equal([1, 1, 1], series.Select(p => p.Builds));
        Assert.Equal([0.75, 0.25, null], series.Select(p => p.CacheHitRate));
        Assert.Equal([60_000L, 30_000, 120_000], series.Select(p => p.QueueP95Ms));
    }

    [Fact]
    public async Task Should_give_no_hit_rate_where_only_release_and_no_cache_builds_ran()
    {
        var day1 = (await _database.WithDbAsync(db => db.SeriesAsync(Days(repository: InsightsSample.RepoB)))).Series[0];

        Assert.Equal((2, null, 300_000L, 400_000L), (day1.Builds, day1.CacheHitRate, day1.P50Ms, day1.P95Ms));
    }

    [Fact]
    public async Task Should_filter_by_agent_id_or_name_and_by_base()
    {
        var byId = (await _database.WithDbAsync(db => db.SeriesAsync(Days(agent: "gpu-2")))).Series;
        var byName = (await _database.WithDbAsync(db => db.SeriesAsync(Days(agent: "node-2")))).Series;
        var byBase = (await _database.WithDbAsync(db => db.SeriesAsync(Days(@base: "localhost:5000/base:1")))).Series;

        Assert.Equal([1, 1], byId.Select(p => p.Builds));
        Assert.Equal(byId, byName);
        Assert.Equal((1, 0.75, 12.0), (byBase[0].Builds, byBase[0].CacheHitRate, byBase[0].SecondsSaved));
        Assert.Equal(0, byBase[1].Builds);
    }

    [Fact]
    public async Task Should_count_miss_causes_without_fully_cached_and_release_builds()
    {
        var causes = (await _database.WithDbAsync(db => db.CausesAsync(Days()))).Causes;

        Assert.Equal([new CauseCount("files-changed", 2), new CauseCount("base-moved", 1), new CauseCount("no-cache", 1)], causes);
    }

    [Fact]
    public async Task Should_rank_the_slowest_uncached_steps_per_repository_without_from()
    {
        var steps = (await _database.WithDbAsync(db => db.SlowestStepsAsync(Days()))).Steps;

        Assert.Equal(
        [
            new SlowStep("RUN make", InsightsSample.RepoB, 60_000, 60_000, 1),
            // 10, 20, 40 s: p50 the 2nd, p95 the 3rd.
            new SlowStep("RUN make", InsightsSample.RepoA, 20_000, 40_000, 3),
            new SlowStep("RUN pip install -r requirements.txt", InsightsSample.RepoA, 30_000, 30_000, 1),
        ], steps);
    }

    [Fact]
    public async Task Should_give_each_agent_its_busy_share_of_the_range_per_slot_and_its_hit_rate()
    {
        var agents = (await _database.WithDbAsync(db => db.AgentsAsync(Days()))).Agents;

        var twoDaysMs = 2 * 86_400_000.0;
        Assert.Equal(
        [
            new AgentUsage("gpu-1", "node-1", 3, 800_000, 800_000 / (twoDaysMs * 2), 0.75),
            new AgentUsage("gpu-2", "node-2", 2, 250_000, 250_000 / twoDaysMs, 0.5),
        ], agents);
    }

    [Fact]
    public async Task Should_list_a_buckets_builds_newest_first()
    {
        var builds = await _database.WithDbAsync(db => db.BucketBuildsAsync(Days(), InsightsSample.Day1, 10));

        Assert.Equal([14, 13, 12, 11, 10], builds.Select(b => b.QueuedAt.Hour));
    }
}
