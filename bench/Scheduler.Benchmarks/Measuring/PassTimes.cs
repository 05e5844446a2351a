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

    public double Median => Percentile(_milliseconds, 0.5);
    public double P95 => Percentile(_milliseconds, 0.95);
    /// <summary>The median time a pass spent in its statements (sent to last row read).</summary>
    public double MedianInDatabase => Percentile(_statements.Select(s => s.InDatabase.TotalMilliseconds).ToList(), 0.5);
    public double Mean => _milliseconds.Average();
    public double MeanReads => _statements.Average(s => s.Reads);
    public double MeanWrites => _statements.Average(s => s.Writes);
    public int MaxWrites => _statements.Max(s => s.Writes);
    public double MeanPlaced => _placed.Average();

    /// <summary>Each statement's SQL, how many times a pass sent it, and its median time (empty unless asked for).</summary>
    public IEnumerable<(string Sql, double PerPass, double Median)> ByStatement() =>
        _statements.SelectMany(s => s.ByText).GroupBy(p => p.Key, p => p.Value)
            .Select(g => (g.Key, g.Sum(t => t.Count) / (double)Count, Percentile(g.SelectMany(t => t).ToList(), 0.5)));

    /// <summary>Nearest rank: the value at or below which the share of passes lies, never an interpolation.</summary>
    static double Percentile(IReadOnlyList<double> values, double share)
    {
        var sorted = values.Order().ToList();
        if (share == 0.5 && sorted.Count % 2 == 0)
            return (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
