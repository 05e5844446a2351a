using BuildFarm.Placement.Simulator.Simulation;
using BuildFarm.Placement.Simulator.Workload;

namespace BuildFarm.Placement.Simulator.Policies;

/// <summary>
/// Perfect knowledge, greedy: for every online agent it plays the agent's queue forward with the true remaining time
/// of each running build, the true duration of each waiting one and the cache those builds will leave, then sends
/// the build where it truly finishes first. It knows nothing of builds not yet submitted or of agents about to leave.
/// </summary>
internal static class OraclePolicy
{
    /// <summary>The oracle the targets are measured against: the true earliest finish.</summary>
    public static PlacementPolicy Create() => Create(buildTimeOnly: false);

    /// <summary>
    /// The same knowledge spent on build time alone: the agent where the build truly runs shortest, whatever it waits
    /// there. Not a policy anyone should run (its queues are the longest of all); it shows what waiting for the
    /// warmest agent buys when nothing else counts: less than it seems, as builds stuck in long queues leave other
    /// agents cold for the builds behind them.
    /// </summary>
    public static PlacementPolicy ShortestBuild() => Create(buildTimeOnly: true);

    private static PlacementPolicy Create(bool buildTimeOnly) => (state, job) =>
    {
        SimAgent? best = null;
        double bestFinish = double.MaxValue, bestDuration = 0;
        foreach (var agent in state.Agents.Where(a => a.Online))
        {
            var (finish, duration) = Finish(agent, job, state);
            finish = buildTimeOnly ? duration : finish;
            if (finish < bestFinish - 1e-9 || (Math.Abs(finish - bestFinish) <= 1e-9 && agent.Load < best!.Load))
            {
                (best, bestFinish, bestDuration) = (agent, finish, duration);
            }
        }

        return best is null ? null : new Assignment(best, bestDuration);
    };

    /// <summary>When <paramref name="job"/> would truly finish on <paramref name="agent"/>, and how long it would run.</summary>
    internal static (double Finish, double Duration) Finish(SimAgent agent, Job job, FarmState state)
    {
        // Builds ahead of this one with when they truly end: their layers are there for whatever starts after.
        var ahead = new List<(double End, HashSet<string> Keys)>();
        var slots = new List<double>();
        foreach (var running in agent.Running)
        {
            slots.Add(running.Ends);
            ahead.Add((running.Ends, Keys(running.Job)));
        }

        while (slots.Count < agent.Capacity)
        {
            slots.Add(state.Now);
        }

        foreach (var waiting in agent.Waiting)
        {
            var slot = slots.IndexOf(slots.Min());
            var begins = slots[slot];
            slots[slot] = begins + Execution.Run(waiting.Job, key => Holds(agent, ahead, key, begins), state.Settings).Seconds;
            ahead.Add((slots[slot], Keys(waiting.Job)));
        }

        var start = Math.Max(state.Now, slots.Min());
        var duration = Execution.Run(job, key => Holds(agent, ahead, key, start), state.Settings).Seconds;
        return (start + duration, duration);
    }

    private static bool Holds(SimAgent agent, List<(double End, HashSet<string> Keys)> ahead, string key, double at) =>
        agent.Cache.Contains(key) || ahead.Exists(a => a.End <= at && a.Keys.Contains(key));

    private static HashSet<string> Keys(Job job) => Execution.Leaves(job).Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
}
