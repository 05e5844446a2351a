using System.Diagnostics;
using System.Text;
using BuildFarm.Data;

namespace BuildFarm.Insights.Benchmarks;

/// <summary>Server time of one case on one database: each run in a fresh DbContext, as each request gets one.</summary>
sealed record Timing(string Database, string Case, TimeSpan Median, TimeSpan P95, TimeSpan Max)
{
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(300);

    public static async Task<Timing> MeasureAsync(BenchDatabase database, string name, Func<FarmDbContext, Task> run, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++)
            await database.WithDbAsync(run);
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await database.WithDbAsync(run);
            times.Add(watch.Elapsed);
        }
        times.Sort();
        var timing = new Timing(database.Name, name, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)], times[^1]);
        Console.WriteLine($"{timing.Database,-10} {timing.Case,-40} median {Ms(timing.Median),6} p95 {Ms(timing.P95),6} max {Ms(timing.Max),6}");
        return timing;
    }

    public static string Table(IReadOnlyList<Timing> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| case | SQLite median | SQLite p95 | PostgreSQL median | PostgreSQL p95 |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Case))
        {
            var sqlite = group.First(r => r.Database == "SQLite");
            var postgres = group.First(r => r.Database == "PostgreSQL");
            table.AppendLine($"| {group.Key} | {Ms(sqlite.Median)} | {Ms(sqlite.P95)} | {Ms(postgres.Median)} | {Ms(postgres.P95)} |");
        }
        return table.ToString();
    }

    static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
}
