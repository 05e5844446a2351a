using System.Globalization;
using System.Text;

namespace BuildFarm.Placement.Simulator.Report;

/// <summary>The markdown table and the targets.</summary>
internal static class Table
{
    public const string Farm = "farm (cache affinity)";
    public const string RoundRobin = "round-robin";
    public const string ConsistentHashing = "consistent hashing";
    public const string Oracle = "oracle";

    public static string Markdown(IReadOnlyList<PolicyResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| policy | mean build | p95 build | mean queue wait | p95 queue wait | mean turnaround | step cache hits | GB pulled | makespan | restarts |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(Invariant($"| {r.Policy} | {r.MeanBuild:0} s | {r.P95Build:0} s | {r.MeanWait:0} s | {r.P95Wait:0} s | {r.MeanTurnaround:0} s | {r.HitRate:P1} | {r.BytesPulled / 1e9:0.0} | {r.Makespan / 3600:0.00} h | {r.Restarts} |"));
        }

        return text.ToString();
    }

    /// <summary>The targets on mean build time: each with its ratio and whether it holds.</summary>
    public static IReadOnlyList<(string Target, double Ratio, bool Met)> Targets(IReadOnlyList<PolicyResult> results)
    {
        var farm = results.Single(r => r.Policy == Farm).MeanBuild;
        var roundRobin = results.Single(r => r.Policy == RoundRobin).MeanBuild / farm;
        var hashing = results.Single(r => r.Policy == ConsistentHashing).MeanBuild / farm;
        var oracle = farm / results.Single(r => r.Policy == Oracle).MeanBuild;
        return
        [
            ("round-robin mean build / farm mean build >= 2.0", roundRobin, roundRobin >= 2.0),
            ("consistent hashing mean build / farm mean build >= 1.3", hashing, hashing >= 1.3),
            ("farm mean build / oracle mean build <= 1.10", oracle, oracle <= 1.10),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
