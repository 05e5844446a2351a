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
    public const string ShortestBuildOracle = "oracle, build time only";

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

    /// <summary>Mean build times and the targets' ratios, one row per seed, with the floor no placement gets below,
    /// then how many seeds meet each target.</summary>
    public static string Seeds(IEnumerable<(int Seed, double Floor, List<PolicyResult> Results)> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| seed | floor | round-robin | consistent hashing | farm | oracle | round-robin / farm | consistent hashing / farm | farm / oracle | consistent hashing / oracle | farm turnaround | consistent hashing turnaround |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var ratios = new List<(double RoundRobin, double Hashing, double Oracle, double HashingOverOracle)>();
        var farmBuild = new List<double>();
        var farmTurnaround = new List<double>();
        foreach (var (seed, floor, results) in runs)
        {
            PolicyResult Of(string policy) => results.Single(r => r.Policy == policy);
            double rr = Of(RoundRobin).MeanBuild, ch = Of(ConsistentHashing).MeanBuild, farm = Of(Farm).MeanBuild, oracle = Of(Oracle).MeanBuild;
            ratios.Add((rr / farm, ch / farm, farm / oracle, ch / oracle));
            farmBuild.Add(farm);
            farmTurnaround.Add(Of(Farm).MeanTurnaround);
            text.AppendLine(Invariant($"| {seed} | {floor:0} s | {rr:0} s | {ch:0} s | {farm:0} s | {oracle:0} s | {rr / farm:0.00} | {ch / farm:0.00} | {farm / oracle:0.00} | {ch / oracle:0.00} | {Of(Farm).MeanTurnaround:0} s | {Of(ConsistentHashing).MeanTurnaround:0} s |"));
        }

        text.AppendLine();
        var rrMet = ratios.Count(r => r.RoundRobin >= 2.0);
        var chMet = ratios.Count(r => r.Hashing >= 1.3);
        var oracleMet = ratios.Count(r => r.Oracle <= 1.10);
        var oracleOverHashing = ratios.Count(r => r.HashingOverOracle >= 1.3);
        text.AppendLine(Invariant($"Of {ratios.Count} seeds: round-robin / farm >= 2.0 on {rrMet} (lowest {ratios.Min(r => r.RoundRobin):0.00}); consistent hashing / farm >= 1.3 on {chMet} (mean {ratios.Average(r => r.Hashing):0.00}, highest {ratios.Max(r => r.Hashing):0.00}); farm / oracle <= 1.10 on {oracleMet} (mean {ratios.Average(r => r.Oracle):0.00}, highest {ratios.Max(r => r.Oracle):0.00}); the oracle itself beats consistent hashing 1.3x on {oracleOverHashing} (highest {ratios.Max(r => r.HashingOverOracle):0.00}). Farm over these seeds: mean build {farmBuild.Average():0.0} s, mean turnaround {farmTurnaround.Average():0.0} s."));
        return text.ToString();
    }

    /// <summary>The targets on mean build time: each with its ratio and whether it holds.</summary>
    public static IReadOnlyList<(string Target, double Ratio, bool Met)> Targets(IReadOnlyList<PolicyResult> results) =>
        Targets(results, r => r.MeanBuild, "mean build");

    /// <summary>The same ratios on another measure.</summary>
    public static IReadOnlyList<(string Target, double Ratio, bool Met)> Targets(
        IReadOnlyList<PolicyResult> results, Func<PolicyResult, double> measure, string name = "mean turnaround")
    {
        double Of(string policy) => measure(results.Single(r => r.Policy == policy));
        var farm = Of(Farm);
        var roundRobin = Of(RoundRobin) / farm;
        var hashing = Of(ConsistentHashing) / farm;
        var oracle = farm / Of(Oracle);
        return
        [
            ($"round-robin {name} / farm {name} >= 2.0", roundRobin, roundRobin >= 2.0),
            ($"consistent hashing {name} / farm {name} >= 1.3", hashing, hashing >= 1.3),
            ($"farm {name} / oracle {name} <= 1.10", oracle, oracle <= 1.10),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
