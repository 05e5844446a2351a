using BuildFarm.Placement.Simulator.Workload;

namespace BuildFarm.Placement.Simulator.Simulation;

/// <summary>Where a policy sends a build, and how long it expects the build to take there.</summary>
internal sealed record Assignment(SimAgent Agent, double Estimate);

/// <summary>Every policy behind one seam: given the farm's state, send a build to an agent or make it wait (null).</summary>
internal delegate Assignment? PlacementPolicy(FarmState state, Job job);

/// <summary>A named policy; <see cref="Create"/> gives a fresh instance (with its own state) for each run.</summary>
internal sealed record PolicyEntry(string Name, Func<PlacementPolicy> Create);

/// <summary>What policies may look at. Real policies read only what a scheduler knows; the oracle reads the truth.</summary>
internal sealed class FarmState(WorkloadSettings settings, IReadOnlyList<SimAgent> agents)
{
    public WorkloadSettings Settings { get; } = settings;
    public IReadOnlyList<SimAgent> Agents { get; } = agents;
    public double Now { get; set; }

    /// <summary>Durations of steps that ran, by key and by instruction, as agents report them.</summary>
    public Dictionary<string, double> MeasuredByKey { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> MeasuredByInstruction { get; } = new(StringComparer.Ordinal);
}
