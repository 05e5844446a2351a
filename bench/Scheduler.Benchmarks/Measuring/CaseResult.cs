namespace BuildFarm.Scheduler.Benchmarks.Measuring;

/// <summary>One case measured on both databases.</summary>
sealed record CaseResult(string Case, PassTimes Sqlite, PassTimes Postgres)
{
    public const double Target = 1.5;

    public double MedianRatio => Postgres.Median / Sqlite.Median;
    public double P95Ratio => Postgres.P95 / Sqlite.P95;
    public bool Met => MedianRatio <= Target;
}
