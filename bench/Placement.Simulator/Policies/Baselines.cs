using BuildFarm.Placement.Simulator.Simulation;
using BuildFarm.Placement.Simulator.Workload;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Simulator.Policies;

/// <summary>
/// The usual policies. Random, round-robin, least-loaded and base-image locality use a free slot or let the build
/// wait, as a scheduler with slots does; consistent hashing sends a repository to its ring owner whatever its
/// load, as a client hashing to a buildkitd pod does.
/// </summary>
internal static class Baselines
{
    public static PlacementPolicy Random(int seed)
    {
        var random = new Random(seed);
        return (state, _) =>
        {
            var free = state.Agents.Where(a => a.HasFreeSlot).ToArray();
            return free.Length == 0 ? null : new Assignment(free[random.Next(free.Length)], 0);
        };
    }

    /// <summary>The farm's real <see cref="BuildPlacement"/> ranking round robin, as <c>Scheduler:Placement=RoundRobin</c>
    /// runs it (the simulated agents meet every requirement, so only the free slot and the turn decide).</summary>
    public static PlacementPolicy RoundRobin()
    {
        var turn = 0;
        return (state, job) =>
        {
            var decision = BuildPlacement.Place(Snapshots(state), job.Plan, Ranking.RoundRobin(turn));
            if (decision.AgentId is null)
            {
                return null;
            }

            turn++;
            return new Assignment(state.Agents.First(a => a.Id == decision.AgentId), 0);
        };
    }

    /// <summary>The farm's real <see cref="BuildPlacement"/> ranking least loaded, as <c>Scheduler:Placement=LeastLoaded</c> runs it.</summary>
    public static PlacementPolicy LeastLoaded() => (state, job) =>
    {
        var decision = BuildPlacement.Place(Snapshots(state), job.Plan, Ranking.LeastLoaded);
        return decision.AgentId is null ? null : new Assignment(state.Agents.First(a => a.Id == decision.AgentId), 0);
    };

    /// <summary>A hash ring with virtual nodes over the agents online (BuildKit's Kubernetes consistent-hash example).</summary>
    public static PlacementPolicy ConsistentHashing(int virtualNodes = 64)
    {
        (ulong Point, int Agent)[]? ring = null;
        return (state, job) =>
        {
            ring ??= state.Agents
                .SelectMany(a => Enumerable.Range(0, virtualNodes).Select(v => (Stable.Hash($"{a.Id}#{v}"), a.Index)))
                .OrderBy(p => p.Item1).ToArray();
            var point = Stable.Hash(job.Repository);
            var start = Array.FindIndex(ring, p => p.Point >= point);
            for (var i = 0; i < ring.Length; i++)
            {
                var agent = state.Agents[ring[((start < 0 ? 0 : start) + i) % ring.Length].Agent];
                if (agent.Online)
                {
                    return new Assignment(agent, 0);
                }
            }

            return null;
        };
    }

    /// <summary>Kubernetes' ImageLocality: among free agents prefer one that holds the base (weighted by its size),
    /// then the least allocated (NodeResourcesFit's LeastAllocated), then by id.</summary>
    public static PlacementPolicy BaseImageLocality() => (state, job) =>
    {
        var from = job.Plan.Steps[0];
        return state.Agents.Where(a => a.HasFreeSlot)
            .OrderByDescending(a => a.Cache.Contains(from.BaseDigest!) ? from.BaseBytes : 0)
            .ThenBy(a => (double)a.Load / a.Capacity)
            .ThenBy(a => a.Index)
            .Select(a => new Assignment(a, 0))
            .FirstOrDefault();
    };

    // What the load-only rankings read: online, slots and builds assigned; no cache, which they ignore.
    private static ClusterSnapshot Snapshots(FarmState state) =>
        new(state.Agents.Select(a => new AgentSnapshot(a.Id, a.Id, a.Online, a.Capacity, a.Load, null)).ToArray());
}
