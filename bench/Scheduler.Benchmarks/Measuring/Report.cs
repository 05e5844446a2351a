using System.Globalization;
using System.Text;

namespace BuildFarm.Scheduler.Benchmarks.Measuring;

/// <summary>The markdown tables bench/README.md quotes.</summary>
static class Report
{
    public static string Table(IReadOnlyList<CaseResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | database | passes | median | p95 | mean | statements per pass | builds placed per pass |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|---:|");
        foreach (var result in results)
            foreach (var side in new[] { result.Sqlite, result.Postgres })
                text.AppendLine(Invariant($"| {result.Case} | {side.Database} | {side.Count} | {Ms(side.Median)} | {Ms(side.P95)} | {Ms(side.Mean)} | {side.MeanReads:0.#} reads, {side.MeanWrites:0.#} writes | {side.MeanPlaced:0.#} |"));
        text.AppendLine();
        text.AppendLine(Invariant($"| case | PostgreSQL / SQLite, median | PostgreSQL / SQLite, p95 | target: median ratio <= {CaseResult.Target:0.0}x |"));
        text.AppendLine("|---|---:|---:|---|");
        foreach (var result in results)
            text.AppendLine(Invariant($"| {result.Case} | {result.MedianRatio:0.00}x | {result.P95Ratio:0.00}x | {(result.Met ? "met" : "MISSED")} |"));
        return text.ToString();
    }

    static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
