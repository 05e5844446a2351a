using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildFarm.Load.Benchmarks.Readout;

/// <summary>One placement pass as the scheduler logged it at Debug: how long the queue was, what it placed, and its own
/// time (reading the queue and the farm, deciding, saving; not waiting for the pass ahead, nor sending), how many builds
/// it decided and whether it read the whole queue or only its head (the scheduler's <c>QueueReach</c>).</summary>
public sealed record PlacementPass(int Queued, int Placed, double Milliseconds, int Decided, bool Whole);

static partial class PlacementPasses
{
    /// <summary>The scheduler logs each pass at Debug only: the bench turns that on for this one category.</summary>
    public const string LogCategory = "Logging__LogLevel__BuildFarm.Scheduler.Features.Placement.Placer";

    public static IReadOnlyList<PlacementPass> Read(string schedulerLog) => Pass().Matches(schedulerLog)
        .Select(m => new PlacementPass(int.Parse(m.Groups["queued"].Value), int.Parse(m.Groups["placed"].Value),
            double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["decided"].Value),
            m.Groups["reach"].Value == "whole queue"))
        .ToList();

    [GeneratedRegex(@"Placement pass over (?<queued>\d+) queued builds placed (?<placed>\d+) in (?<ms>[0-9.]+) ms, deciding (?<decided>\d+) \((?<reach>whole queue|head)\)")]
    private static partial Regex Pass();
}
