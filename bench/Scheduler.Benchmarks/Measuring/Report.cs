using System.Globalization;
using System.Text;

namespace BuildFarm.Scheduler.Benchmarks.Measuring;

/// <summary>The markdown tables bench/README.md quotes.</summary>
static class Report
{
    public static string Table(IReadOnlyList<CaseResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | database | passes | median | p95 | mean | in statements (median) | statements per pass | builds placed per pass |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var result in results)
            foreach (var side in new[] { result.Sqlite, result.Postgres })
                text.AppendLine(Invariant($"| {result.Case} | {side.Database} | {side.Count} | {Ms(side.Median)} | {Ms(side.P95)} | {Ms(side.Mean)} | {Ms(side.MedianInDatabase)} | {side.MeanReads:0.#} reads, {side.MeanWrites:0.#} writes | {side.MeanPlaced:0.#} |"));
        text.AppendLine();
        text.AppendLine(Invariant($"| case | PostgreSQL / SQLite, median | PostgreSQL / SQLite, p95 | target: median ratio <= {CaseResult.Target:0.0}x |"));
        text.AppendLine("|---|---:|---:|---|");
        foreach (var result in results)
            text.AppendLine(Invariant($"| {result.Case} | {result.MedianRatio:0.00}x | {result.P95Ratio:0.00}x | {(result.Met ? "met" : "MISSED")} |"));
        return text.ToString();
    }

    /// <summary>Where each database spends a pass's statement time, statement by statement.</summary>
    public static string ByStatement(IReadOnlyList<CaseResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | statement | per pass | SQLite, median | PostgreSQL, median |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var result in results)
        {
            var sqlite = result.Sqlite.ByStatement().GroupBy(s => Short(s.Sql)).ToDictionary(g => g.Key, g => g.First());
            foreach (var postgres in result.Postgres.ByStatement().OrderByDescending(s => s.Median * s.PerPass))
            {
                var name = Short(postgres.Sql);
                var lite = sqlite.TryGetValue(name, out var found) ? Ms(found.Median) : "?";
                text.AppendLine(Invariant($"| {result.Case} | `{name}` | {postgres.PerPass:0.#} | {lite} | {Ms(postgres.Median)} |"));
            }
        }
        return text.ToString();
    }

    /// <summary>Enough of a statement to tell it apart, the same on both databases (their quoting differs).</summary>
    static string Short(string sql)
    {
        var flat = System.Text.RegularExpressions.Regex.Replace(sql.Replace("\"", "").Replace("`", ""), @"\s+", " ").Trim();
        var from = flat.IndexOf(" FROM ", StringComparison.Ordinal);
        var head = flat.Split(' ')[0];
        return head + (from < 0 ? " " + string.Join(' ', flat.Split(' ').Skip(1).Take(3)) : " … " + string.Join(' ', flat[from..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6)));
    }

    static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
