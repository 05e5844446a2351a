using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Simulator.Workload;

/// <summary>What a step really costs when it runs: seconds before run-to-run noise, and the layer it leaves.</summary>
internal readonly record struct StepTruth(double Seconds, long Bytes);

/// <summary>One build request: when it arrives, its real plan (keys from the real chain), and what its steps really cost.</summary>
internal sealed record Job(int Id, double Arrival, string Repository, BuildPlan Plan, StepTruth[] Truth);

/// <summary>An agent leaving or coming back; a wiped agent returns with an empty cache.</summary>
internal sealed record ChurnEvent(double At, int Agent, bool Joins, bool Wiped);

/// <summary>A whole workload: the same for every policy.</summary>
internal sealed record WorkloadRun(WorkloadSettings Settings, IReadOnlyList<Job> Jobs, IReadOnlyList<ChurnEvent> Churn, int BaseMoves, int PinReleases);
