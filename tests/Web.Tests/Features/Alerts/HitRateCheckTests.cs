using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Testing;
using BuildFarm.Web.Features.Alerts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Alerts;

/// <summary>The hit-rate rule over stored builds, on a database of each test's own (the rule reads every build).</summary>
public class HitRateCheckTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-05T12:00:00Z");
    static readonly HitRateThresholds Thresholds = new(DropPoints: 20, MinSteps: 40);

    [Fact]
    public async Task Should_raise_once_per_day_when_the_last_day_falls_below_the_baseline_leaving_out_release_and_no_cache_builds()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.WithDbAsync(db =>
        {
            // Baseline: 4 builds × 50 steps, 40 cached each = 80 %, spread over the seven days before the last.
            for (var day = 2; day <= 5; day++)
                db.Builds.Add(Finished(Now.AddDays(-day), steps: 50, cached: 40));
            // Last day: 2 builds × 25 steps, 15 cached = 60 %, exactly 20 points below.
            db.Builds.Add(Finished(Now.AddHours(-3), steps: 25, cached: 15));
            db.Builds.Add(Finished(Now.AddHours(-2), steps: 25, cached: 15));
            // Would lift the day to 100 % if counted: a release build and a no-cache one miss on purpose.
            db.Builds.Add(Finished(Now.AddHours(-1), steps: 0, cached: 0, b => { b.Release = true; b.StepsTotal = 1000; b.StepsCached = 1000; }));
            db.Builds.Add(Finished(Now.AddHours(-1), steps: 0, cached: 0, b => { b.NoCache = true; b.StepsTotal = 1000; b.StepsCached = 0; }));
            // Older than the baseline: not counted.
            db.Builds.Add(Finished(Now.AddDays(-9), steps: 1000, cached: 0));
            return db.SaveChangesAsync();
        });

        var raised = await database.WithDbAsync(db => HitRateCheck.EvaluateAsync(db, Now, Thresholds, default));
        var again = await database.WithDbAsync(db => HitRateCheck.EvaluateAsync(db, Now.AddHours(1), Thresholds, default));

        Assert.True(raised);
        Assert.False(again);
        var alert = Assert.Single(await database.WithDbAsync(db => db.Alerts.ToListAsync()));
        Assert.Equal(AlertKinds.HitRateDrop, alert.Kind);
        Assert.Equal("Cache-hit rate fell to 60% (baseline 80%)", alert.Title);
        Assert.Contains("30 of 50 steps", alert.Detail);
        Assert.Contains("160 of 200 (80%): 20 points lower", alert.Detail);
    }

    [Fact]
    public async Task Should_not_raise_for_a_fall_under_the_threshold()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.WithDbAsync(db =>
        {
            db.Builds.Add(Finished(Now.AddDays(-3), steps: 200, cached: 160));
            // 31/50 = 62 %: 18 points below 80 %.
            db.Builds.Add(Finished(Now.AddHours(-3), steps: 50, cached: 31));
            return db.SaveChangesAsync();
        });

        Assert.False(await database.WithDbAsync(db => HitRateCheck.EvaluateAsync(db, Now, Thresholds, default)));
        Assert.Equal(0, await database.WithDbAsync(db => db.Alerts.CountAsync()));
    }

    static Build Finished(DateTimeOffset at, int steps, int cached, Action<Build>? change = null)
    {
        var build = new Build
        {
            Id = Guid.NewGuid(),
            Status = BuildStatus.Succeeded,
            Repository = "https://git.example.com/trainer.git",
            Ref = "main",
            QueuedAt = at.AddMinutes(-5),
            FinishedAt = at,
            StepsTotal = steps,
            StepsCached = cached,
        };
        change?.Invoke(build);
        return build;
    }
}
