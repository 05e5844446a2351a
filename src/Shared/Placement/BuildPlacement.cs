namespace BuildFarm.Shared.Placement;

/// <summary>
/// The farm's one placement decision, pure over its snapshot: the hard constraints for every agent (each rejection
/// named), then the site's <see cref="Ranking"/> over what passed, then what the chosen agent is expected to find
/// cached and how long the build should run there, whatever the ranking, so every policy is scored alike.
/// </summary>
public static class BuildPlacement
{
    /// <summary>Chooses an agent for one build, or says why none can take it now.</summary>
    /// <param name="cluster">The agents and what history says about step durations.</param>
    /// <param name="plan">The build's steps and requirements (<see cref="BuildPlan.Unplanned(BuildFarm.Contracts.BuildSpec)"/> for a build that could
    /// not be planned).</param>
    /// <param name="ranking">How eligible agents are ranked; <see cref="Ranking.CacheAffinity"/> when null.</param>
    /// <returns>The decision, with every agent's verdict in the snapshot's order and the chosen agent's predictions.</returns>
    public static PlacementDecision Place(ClusterSnapshot cluster, BuildPlan plan, Ranking? ranking = null)
    {
        ranking ??= Ranking.CacheAffinity;
        if (plan.Steps.Count == 0 && ranking is CacheAffinityRanking)
        {
            // No chain, nothing to be warm for: load is all there is to rank by.
            ranking = Ranking.LeastLoaded;
        }

        var estimate = new ChainEstimate(cluster, plan);
        var feasible = new FeasibleSet(cluster.Agents, plan, ranking.QueueAllowance(cluster.Options));
        var choice = ranking.Choose(feasible, estimate);
        var verdicts = feasible.Verdicts;
        if (choice.Index < 0)
        {
            return new PlacementDecision(null, choice.Reason, verdicts);
        }

        var agent = cluster.Agents[choice.Index];
        if (plan.Steps.Count == 0)
        {
            return new PlacementDecision(agent.Id, choice.Reason, verdicts);
        }

        var (chosen, keys) = estimate.Predict(agent, verdicts[choice.Index]);
        verdicts[choice.Index] = chosen;
        return new PlacementDecision(agent.Id, choice.Reason, verdicts)
        {
            PredictedCachedKeys = keys,
            PredictedSeconds = chosen.BuildSeconds,
        };
    }

    /// <summary>
    /// How many builds the agents could take now, leaving aside what the builds ask for: over the agents that are up,
    /// approved and not draining, their free slots and (under cache affinity) the room left on their own queues. At 0,
    /// every decision would say wait, whatever the build: a pass need not decide the rest of its queue to know it
    /// places nothing.
    /// </summary>
    /// <param name="cluster">The agents as the pass sees them, busier by what it already placed.</param>
    /// <param name="ranking">The site's ranking (its queue allowance); <see cref="Ranking.CacheAffinity"/> when null.
    /// A build without steps is ranked by load, which allows no queue: never more room than this.</param>
    /// <returns>The places open.</returns>
    public static int Room(ClusterSnapshot cluster, Ranking? ranking = null)
    {
        var allowance = (ranking ?? Ranking.CacheAffinity).QueueAllowance(cluster.Options);
        return cluster.Agents.Where(a => Constraints.Availability(a, allowance) is null)
            .Sum(a => Math.Max(1, a.Capacity) + allowance - a.Running);
    }

    /// <summary>
    /// The agents' standing in the words a waiting reason uses, figures and room left out: each agent's requirements
    /// (platform, labels, GPUs and driver) and whether it is offline, its engine down, unapproved or draining. Two
    /// snapshots with the same standing give every build the same reason but for its figures and for who is busy.
    /// </summary>
    /// <param name="cluster">The agents.</param>
    /// <returns>A text that changes exactly when the standing does.</returns>
    public static string Standing(ClusterSnapshot cluster) => string.Join('\n', cluster.Agents.Select(a =>
        string.Join(' ', a.Id, Constraints.Availability(a with { Running = 0 }, 0)?.Rejected, a.Platform, a.GpuCount, a.DriverVersion,
            a.GpuError, string.Join(',', a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))));
}
