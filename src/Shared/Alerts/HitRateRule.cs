namespace BuildFarm.Shared.Alerts;

/// <summary>Steps counted over a window, and how many BuildKit took from its cache.</summary>
/// <param name="Steps">Steps that ended (ran or were cached).</param>
/// <param name="Cached">Of those, the ones taken from the cache.</param>
public sealed record HitRateWindow(int Steps, int Cached)
{
    /// <summary>Cached steps over steps, in 0..1; null without steps.</summary>
    public double? Rate => Steps == 0 ? null : (double)Cached / Steps;
}

/// <summary>When a fall in the hit rate is worth an alert.</summary>
/// <param name="DropPoints">How many percentage points below the baseline the last day must be.</param>
/// <param name="MinSteps">Steps each window needs before its rate means anything.</param>
public sealed record HitRateThresholds(double DropPoints, int MinSteps)
{
    /// <summary>20 points over at least 20 steps: a quiet day's few builds do not page anyone.</summary>
    public static readonly HitRateThresholds Default = new(20, 20);
}

/// <summary>A fall worth an alert: both rates in 0..1 and the fall in percentage points.</summary>
/// <param name="Day">The last day's hit rate.</param>
/// <param name="Baseline">The hit rate of the seven days before it.</param>
/// <param name="Points">How far the day fell below the baseline, in percentage points.</param>
public sealed record HitRateDrop(double Day, double Baseline, double Points);

/// <summary>The cache-hit alert rule: the last day against the seven days before it.</summary>
public static class HitRateRule
{
    /// <summary>The drop, when the last day's rate is at least <see cref="HitRateThresholds.DropPoints"/> points
    /// below the baseline and both windows hold enough steps; otherwise null.</summary>
    public static HitRateDrop? Evaluate(HitRateWindow day, HitRateWindow baseline, HitRateThresholds thresholds)
    {
        if (day.Steps < thresholds.MinSteps || baseline.Steps < thresholds.MinSteps)
            return null;
        var points = (baseline.Rate!.Value - day.Rate!.Value) * 100;
        // Rates of whole step counts: compare with a hair of slack so 20.0 points computed as 19.999… still counts.
        return points >= thresholds.DropPoints - 1e-9 ? new HitRateDrop(day.Rate.Value, baseline.Rate.Value, points) : null;
    }
}
