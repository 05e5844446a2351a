using BuildFarm.Placement.Simulator.Simulation;
using BuildFarm.Placement.Simulator.Workload;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Simulator.Policies;

/// <summary>
/// This farm's placement, the real <see cref="BuildPlacement"/> with its default cache-affinity ranking, fed only what the scheduler knows: each
/// agent's reported cache keys, its assigned builds with the estimates made when they were placed, and step
/// durations measured on earlier builds, and the keys its own assignments will leave.
/// </summary>
internal static class FarmPolicy
{
    public static PlacementPolicy Create(PlacementOptions options) => (state, job) =>
    {
        var snapshot = new ClusterSnapshot(state.Agents.Select(a => Snapshot(a, state.Now)).ToArray())
        {
            Durations = new StepDurations(state.MeasuredByKey, state.MeasuredByInstruction),
            Options = options,
        };
        var decision = BuildPlacement.Place(snapshot, job.Plan);
        return decision.AgentId is { } chosen ? new Assignment(state.Agents.First(a => a.Id == chosen), decision.PredictedSeconds ?? 0) : null;
    };

    private static AgentSnapshot Snapshot(SimAgent agent, double now) =>
        new(agent.Id, agent.Id, agent.Online, agent.Capacity, agent.Load, null)
        {
            CacheKeys = agent.Cache.Keys,
            BaseDigests = agent.Cache.Keys,
            IncomingKeys = agent.Running.Concat(agent.Waiting)
                .SelectMany(b => Execution.Leaves(b.Job).Select(l => l.Key)).ToHashSet(StringComparer.Ordinal),
            WorkAheadSeconds = agent.Running.Select(r => AgentSnapshot.Remaining(r.Estimate, now - r.Started))
                .Concat(agent.Waiting.Select(w => w.Estimate)).ToArray(),
        };
}
