using BuildFarm.Scheduler.Benchmarks.Farm;

namespace BuildFarm.Scheduler.Benchmarks.Measuring;

/// <summary>The timed passes of one case on one database, with what each sent and placed.</summary>
sealed class PassTimes(string database)
{
    readonly List<double> _milliseconds = [];
    readonly List<Statements> _statements = [];
    readonly List<int> _placed = [];

    public string Database { get; } = database;
    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed, Statements statements, int placed)
    {
        _milliseconds.Add(elapsed.TotalMilliseconds);
        _statements.Add(statements);
        _placed.Add(placed);
    }

    public double Median => Percentile(0.5);
    public double P95 => Percentile(0.95);
    public double Mean => _milliseconds.Average();
    public double MeanReads => _statements.Average(s => s.Reads);
    public double MeanWrites => _statements.Average(s => s.Writes);
    public int MaxWrites => _statements.Max(s => s.Writes);
    public double MeanPlaced => _placed.Average();
    public IReadOnlyList<int> Placed => _placed;

    /// <summary>Nearest rank: the value at or below which the share of passes lies, never an interpolation.</summary>
    double Percentile(double share)
    {
        var sorted = _milliseconds.Order().ToList();
        if (share == 0.5 && sorted.Count % 2 == 0)
            return (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
