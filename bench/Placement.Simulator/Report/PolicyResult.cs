using BuildFarm.Placement.Simulator.Simulation;

namespace BuildFarm.Placement.Simulator.Report;

/// <summary>One policy's numbers over the whole run.</summary>
internal sealed record PolicyResult(string Policy, IReadOnlyList<BuildRecord> Builds, int Restarts)
{
    public double MeanBuild => Builds.Average(b => b.Finished - b.Started);
    public double P95Build => Percentile(Builds.Select(b => b.Finished - b.Started), 0.95);
    public double MeanWait => Builds.Average(b => b.Started - b.Arrival);
    public double P95Wait => Percentile(Builds.Select(b => b.Started - b.Arrival), 0.95);
    public double MeanTurnaround => Builds.Average(b => b.Finished - b.Arrival);
    public double HitRate => (double)Builds.Sum(b => b.CachedSteps) / Builds.Sum(b => b.Steps);
    public long BytesPulled => Builds.Sum(b => b.PulledBytes);
    public double Makespan => Builds.Max(b => b.Finished) - Builds.Min(b => b.Arrival);

    // Nearest rank: the value below which the given share of builds falls.
    private static double Percentile(IEnumerable<double> values, double share)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
