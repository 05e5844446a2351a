namespace BuildFarm.Shared.Placement;

/// <summary>
/// Sends a build to the agent where it is expected to finish first: score = seconds its cache saves − seconds it
/// waits for a slot − seconds pulling bases it lacks (all estimates, in seconds, so the score ranks agents by
/// expected finish time). Hard constraints first, each a named <see cref="Rejection"/>; ties go to the less-loaded
/// agent, then to the lower id. An agent whose slots and queue are full is scored too: when it is still expected to
/// finish the build <see cref="PlacementOptions.HoldMarginSeconds"/> sooner than every agent that could take it, the
/// build waits for it in the farm's queue (the reason names it) rather than starting cold. Pure over its snapshot.
/// </summary>
/// <remarks>
/// What the cache saves follows BuildKit's reuse: an agent holds a step when it holds the step's key and the step it is
/// built on (the longest prefix of each stage's chain), and BuildKit is lazy, so a step runs only when it is not held
/// and the target needs it: a held step stands in for everything before it. A build that has to queue on an agent
/// also counts what the builds ahead of it there will leave. Runs in O(agents × steps): with a
/// <see cref="ClusterSnapshot.Index"/> one hash lookup per step of the build, then bit tests; without one, a lookup in
/// each agent's <see cref="AgentSnapshot.CacheKeys"/> per held step. No allocation per agent beyond its verdict.
/// </remarks>
public static partial class CacheAffinityPlacement
{
    /// <summary>Chooses an agent for one build, or says why none can take it.</summary>
    /// <param name="cluster">The agents and what history says about step durations.</param>
    /// <param name="plan">The build's steps and constraints.</param>
    /// <returns>The decision, with every agent's verdict in the snapshot's order.</returns>
    public static PlacementDecision Place(ClusterSnapshot cluster, BuildPlan plan)
    {
        var work = Prepare(cluster, plan);
        var agents = cluster.Agents;
        var verdicts = new CandidateVerdict[agents.Count];
        List<int>? full = null;
        var best = -1;
        for (var i = 0; i < agents.Count; i++)
        {
            var rejected = Constraints.Check(agents[i], work.Plan, work.Platform, work.Options);
            verdicts[i] = rejected ?? Judge(agents[i], work, null);
            if (rejected is null && (best < 0 || Beats(agents[i], verdicts[i], agents[best], verdicts[best])))
            {
                best = i;
            }
            else if (rejected?.Rejected == Rejection.NoFreeCapacity)
            {
                (full ??= []).Add(i);
            }
        }

        if (Held(agents, verdicts, full, best, work) is { } held)
        {
            return new PlacementDecision(null, WhyHeld(agents, verdicts, held, best), verdicts);
        }

        return best < 0
            ? new PlacementDecision(null, WhyWaiting(agents, verdicts), verdicts)
            : new PlacementDecision(agents[best].Id, $"{agents[best].Name}: {verdicts[best].Detail}", verdicts);
    }

    /// <summary>
    /// The keys of the steps placement expects <paramref name="agentId"/> to find cached: the steps BuildKit should
    /// report CACHED there (vertices after FROM whose chain the agent holds), to score the prediction afterwards.
    /// </summary>
    /// <param name="cluster">The snapshot the decision was made on.</param>
    /// <param name="plan">The build's steps.</param>
    /// <param name="agentId">The chosen agent.</param>
    /// <returns>Keys in plan order; empty when the agent is not in the snapshot.</returns>
    public static IReadOnlyList<string> PredictedCachedKeys(ClusterSnapshot cluster, BuildPlan plan, string agentId)
    {
        var agent = cluster.Agents.FirstOrDefault(a => a.Id == agentId);
        if (agent is null || plan.Steps.Count == 0)
        {
            return [];
        }

        var work = Prepare(cluster, plan);
        var queue = QueueWait(agent, work.Options);
        Estimate(agent, queue > 0 ? agent.IncomingKeys : null, work);
        return plan.Steps.Where((s, i) => work.Held[i] && s is { Kind: StepKind.Instruction, HasVertex: true })
            .Select(s => s.Key).ToList();
    }

    private static Work Prepare(ClusterSnapshot cluster, BuildPlan plan)
    {
        var steps = plan.Steps;
        var costs = new double[steps.Count];
        var totalVertices = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            costs[i] = cluster.Durations.Estimate(steps[i]);
            // Counted as the build page counts cache hits: vertices after FROM (BuildKit's CACHED on FROM means nothing).
            totalVertices += steps[i] is { HasVertex: true, Kind: StepKind.Instruction } ? 1 : 0;
        }

        var index = cluster.Index;
        var (bits, words) = index is null ? (null, 0) : HeldBits(index, steps);
        return new Work(plan, [.. steps], Platforms.Normalize(plan.Platform), costs, costs.Sum(), totalVertices, cluster.Options,
            new bool[steps.Count], new bool[steps.Count], index, bits, words);
    }

    // TotalCost: every step's cost, what a score is measured from. Held and Runs are scratch space reused agent after
    // agent; Bits[step * Words + slot / 64] says which index slots hold a step.
    private sealed record Work(
        BuildPlan Plan, PlanStep[] Steps, string Platform, double[] Costs, double TotalCost, int TotalVertices, PlacementOptions Options,
        bool[] Held, bool[] Runs, CacheIndex? Index, ulong[]? Bits, int Words);

    private static bool Beats(AgentSnapshot a, CandidateVerdict va, AgentSnapshot b, CandidateVerdict vb)
    {
        if (va.Score != vb.Score)
        {
            return va.Score > vb.Score;
        }

        // Less loaded by share of slots taken, so a big agent is not always preferred over an idle small one.
        var loadA = (double)a.Running / Math.Max(1, a.Capacity);
        var loadB = (double)b.Running / Math.Max(1, b.Capacity);
        if (loadA != loadB)
        {
            return loadA < loadB;
        }

        return string.CompareOrdinal(a.Id, b.Id) < 0;
    }

    /// <summary>
    /// The full agent (slots and queue) the build should wait for, if any: one still expected to finish it
    /// <see cref="PlacementOptions.HoldMarginSeconds"/> sooner than the best agent that can take it now. Waiting in the
    /// farm's queue keeps the choice open: the build is placed again whenever something changes, so it goes where it
    /// is warm once there is room, or elsewhere if that agent's queue grows or it leaves. A score is what the build's
    /// steps cost in all less its expected finish (queue + pulls + steps that run), so an agent whose queue alone
    /// ends too late is not scored at all.
    /// </summary>
    private static int? Held(IReadOnlyList<AgentSnapshot> agents, CandidateVerdict[] verdicts, List<int>? full, int best, Work work)
    {
        if (full is null)
        {
            return null;
        }

        var margin = work.Options.HoldMarginSeconds;
        var bestFinish = best < 0 ? double.PositiveInfinity : work.TotalCost - verdicts[best].Score;
        int? held = null;
        foreach (var i in full)
        {
            if (QueueWait(agents[i], work.Options) + margin >= bestFinish)
            {
                continue;
            }

            verdicts[i] = Judge(agents[i], work, verdicts[i]);
            if ((best < 0 || verdicts[i].Score > verdicts[best].Score + margin)
                && (held is not { } h || Beats(agents[i], verdicts[i], agents[h], verdicts[h])))
            {
                held = i;
            }
        }

        return held;
    }

    // Scores an agent; a full one keeps its rejection and gains the parts, so the build page shows what waiting buys.
    private static CandidateVerdict Judge(AgentSnapshot agent, Work work, CandidateVerdict? full)
    {
        var queue = QueueWait(agent, work.Options);
        var (cached, saved, pull, run) = Estimate(agent, queue > 0 ? agent.IncomingKeys : null, work);
        var score = saved - queue - pull;
        // Detail null: written from the parts when first read.
        return new CandidateVerdict(agent.Id, agent.Name, full?.Rejected, score, full?.Detail!)
        {
            CachedSteps = cached,
            TotalSteps = work.TotalVertices,
            SecondsSaved = saved,
            QueueWaitSeconds = queue,
            PullSeconds = pull,
            BuildSeconds = run + pull,
        };
    }
}
