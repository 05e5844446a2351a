using System.Globalization;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>Judges the last day's cache-hit rate against the seven days before it, from the builds' own step counts
/// (FROM left out, as the agents count them). Release and no-cache builds miss on purpose and are left out.</summary>
public static class HitRateCheck
{
    static readonly TimeSpan Day = TimeSpan.FromDays(1);
    const int BaselineDays = 7;

    /// <returns>True when this call raised the day's alert.</returns>
    public static async Task<bool> EvaluateAsync(FarmDbContext db, DateTimeOffset now, HitRateThresholds thresholds, CancellationToken ct)
    {
        // One alert per UTC day at most: the rule runs every few minutes over a sliding day, and a fall lasts hours.
        var key = $"{AlertKinds.HitRateDrop}:{now.UtcDateTime:yyyy-MM-dd}";
        if (await db.Alerts.AnyAsync(a => a.Key == key, ct))
            return false;
        var day = await WindowAsync(db, now - Day, now, ct);
        var baseline = await WindowAsync(db, now - Day * (BaselineDays + 1), now - Day, ct);
        if (HitRateRule.Evaluate(day, baseline, thresholds) is not { } drop)
            return false;
        return await AlertStore.RaiseAsync(db, new Alert
        {
            Key = key,
            Kind = AlertKinds.HitRateDrop,
            RaisedAt = now,
            Title = $"Cache-hit rate fell to {Percent(drop.Day)} (baseline {Percent(drop.Baseline)})",
            Detail = $"Over the last 24 h {day.Cached} of {day.Steps} steps came from the cache ({Percent(drop.Day)}); over the " +
                     $"{BaselineDays} days before, {baseline.Cached} of {baseline.Steps} ({Percent(drop.Baseline)}): " +
                     $"{drop.Points.ToString("0", CultureInfo.InvariantCulture)} points lower. Release and no-cache builds are not counted.",
            LikelyCause = await LikelyCauseAsync(db, now - Day, ct),
        }, ct);
    }

    static async Task<HitRateWindow> WindowAsync(FarmDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var builds = Counted(db).Where(b => b.FinishedAt >= from && b.FinishedAt < to);
        return new HitRateWindow(await builds.SumAsync(b => b.StepsTotal, ct), await builds.SumAsync(b => b.StepsCached, ct));
    }

    static IQueryable<Build> Counted(FarmDbContext db) =>
        db.Builds.Where(b => !b.Release && !b.NoCache && (b.Status == BuildStatus.Succeeded || b.Status == BuildStatus.Failed));

    /// <summary>The base tags that moved and the commonest miss cause of the day, as far as they are known.</summary>
    static async Task<string?> LikelyCauseAsync(FarmDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        var moved = await db.Alerts.Where(a => a.Kind == AlertKinds.BaseMoved && a.RaisedAt >= since)
            .Select(a => a.Reference!).Distinct().ToListAsync(ct);
        var cause = await Counted(db).Where(b => b.FinishedAt >= since && b.MissCause != null && b.MissCause != MissCauses.None && b.MissCause != MissCauses.FirstBuild)
            .GroupBy(b => b.MissCause).Select(g => new { Cause = g.Key, Builds = g.Count() })
            .OrderByDescending(g => g.Builds).FirstOrDefaultAsync(ct);
        var parts = new List<string>();
        if (moved.Count > 0)
            parts.Add($"base tag{(moved.Count == 1 ? "" : "s")} moved: {string.Join(", ", moved.Order(StringComparer.Ordinal))}");
        if (cause is not null)
            parts.Add($"commonest miss cause: {cause.Cause} ({cause.Builds} build{(cause.Builds == 1 ? "" : "s")})");
        return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
    }

    static string Percent(double rate) => rate.ToString("0%", CultureInfo.InvariantCulture);
}
