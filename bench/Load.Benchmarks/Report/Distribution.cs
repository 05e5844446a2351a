namespace BuildFarm.Load.Benchmarks.Report;

/// <summary>Percentiles by nearest rank: the value at 0-based position ceil(p·n) − 1 of the sorted values.</summary>
public sealed record Distribution(int Count, double P50, double P95, double P99, double Max)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Distribution(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }

    /// <summary>Milliseconds under a second, seconds above, as the table shows them.</summary>
    public static string Time(double ms) => double.IsNaN(ms) ? "" : ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.00} s";
}
