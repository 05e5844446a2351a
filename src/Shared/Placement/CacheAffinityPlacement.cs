namespace BuildFarm.Shared.Placement;

/// <summary>
/// Sends a build to the agent where it is expected to finish first: score = seconds its cache saves − seconds it
/// waits for a slot − seconds pulling bases it lacks (all estimates, in seconds, so the score ranks agents by
/// expected finish time). Hard constraints first, each a named <see cref="Rejection"/>; ties go to the less-loaded
/// agent, then to the lower id. Pure over its snapshot.
/// </summary>
/// <remarks>
/// What the cache saves follows BuildKit's reuse: an agent holds a step when it holds the step's key and the step it is
/// built on (the longest prefix of each stage's chain), and BuildKit is lazy, so a step runs only when it is not held
/// and the target needs it: a held step stands in for everything before it. A build that has to queue on an agent
/// also counts what the builds ahead of it there will leave. Runs in O(agents × steps) with one hash
/// lookup per held step and no allocation per agent beyond its verdict.
/// </remarks>
public static partial class CacheAffinityPlacement
{
    /// <summary>Chooses an agent for one build, or says why none can take it.</summary>
    /// <param name="cluster">The agents and what history says about step durations.</param>
    /// <param name="plan">The build's steps and constraints.</param>
    /// <returns>The decision, with every agent's verdict in the snapshot's order.</returns>
    public static PlacementDecision Place(ClusterSnapshot cluster, BuildPlan plan)
    {
        var steps = plan.Steps;
        var costs = new double[steps.Count];
        var totalVertices = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            costs[i] = cluster.Durations.Estimate(steps[i]);
            totalVertices += steps[i].HasVertex ? 1 : 0;
        }

        var work = new Work(plan, Platforms.Normalize(plan.Platform), costs, totalVertices, cluster.Options, new bool[steps.Count], new bool[steps.Count]);
        var agents = cluster.Agents;
        var verdicts = new CandidateVerdict[agents.Count];
        var best = -1;
        for (var i = 0; i < agents.Count; i++)
        {
            verdicts[i] = Judge(agents[i], work);
            if (verdicts[i].Rejected is null && (best < 0 || Beats(agents[i], verdicts[i], agents[best], verdicts[best])))
            {
                best = i;
            }
        }

        return best < 0
            ? new PlacementDecision(null, WhyWaiting(agents, verdicts), verdicts)
            : new PlacementDecision(agents[best].Id, $"{agents[best].Name}: {verdicts[best].Detail}", verdicts);
    }

    private sealed record Work(BuildPlan Plan, string Platform, double[] Costs, int TotalVertices, PlacementOptions Options, bool[] Held, bool[] Runs);

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

    private static CandidateVerdict Judge(AgentSnapshot agent, Work work)
    {
        if (Constraints.Check(agent, work.Plan, work.Platform, work.Options) is { } rejected)
        {
            return rejected;
        }

        var queue = QueueWait(agent, work.Options);
        var (cached, saved, pull, run) = Estimate(agent, queue > 0 ? agent.IncomingKeys : null, work);
        var score = saved - queue - pull;
        return new CandidateVerdict(agent.Id, agent.Name, null, score, Describe(cached, work.TotalVertices, saved, queue, pull))
        {
            CachedSteps = cached,
            TotalSteps = work.TotalVertices,
            SecondsSaved = saved,
            QueueWaitSeconds = queue,
            PullSeconds = pull,
            BuildSeconds = run + pull,
        };
    }

    private static (int Cached, double Saved, double Pull, double Run) Estimate(AgentSnapshot agent, IReadOnlySet<string>? incoming, Work work)
    {
        var steps = work.Plan.Steps;
        if (steps.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var held = work.Held;
        var runs = work.Runs;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var parentHeld = step.Parent < 0 || held[step.Parent];
            held[i] = step.Kind switch
            {
                StepKind.Scratch => true,
                StepKind.Stage => parentHeld,
                StepKind.Image => (step.BaseDigest is { } digest && (agent.BaseDigests.Contains(digest) || incoming?.Contains(digest) == true))
                    || Holds(agent, incoming, step.Key),
                _ => parentHeld && Holds(agent, incoming, step.Key),
            };
            runs[i] = false;
        }

        // Walk back from the target: a step that must run needs what it is built on and what it reads.
        runs[^1] = !held[^1];
        int cached = 0;
        double saved = 0, pull = 0, run = 0;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            if (runs[i])
            {
                run += work.Costs[i];
                if (step.Kind == StepKind.Image)
                {
                    pull += (step.BaseBytes > 0 ? step.BaseBytes : work.Options.DefaultBaseBytes) / work.Options.PullBytesPerSecond;
                }

                if (step.Parent >= 0 && !held[step.Parent])
                {
                    runs[step.Parent] = true;
                }

                foreach (var input in step.Inputs)
                {
                    runs[input] |= !held[input];
                }
            }
            else
            {
                saved += work.Costs[i];
                cached += step.HasVertex ? 1 : 0;
            }
        }

        return (cached, saved, pull, run);
    }

    private static bool Holds(AgentSnapshot agent, IReadOnlySet<string>? incoming, string key) =>
        agent.CacheKeys.Contains(key) || (incoming is not null && incoming.Contains(key));

    /// <summary>When the agent's earliest slot frees up, starting its assigned builds in order on its free slots.</summary>
    private static double QueueWait(AgentSnapshot agent, PlacementOptions options)
    {
        var capacity = Math.Max(1, agent.Capacity);
        if (agent.Running < capacity)
        {
            return 0;
        }

        Span<double> slots = capacity <= 64 ? stackalloc double[capacity] : new double[capacity];
        for (var b = 0; b < agent.Running; b++)
        {
            var earliest = 0;
            for (var s = 1; s < capacity; s++)
            {
                earliest = slots[s] < slots[earliest] ? s : earliest;
            }

            slots[earliest] += b < agent.WorkAheadSeconds.Count ? Math.Max(0, agent.WorkAheadSeconds[b]) : options.UnknownBuildSeconds;
        }

        var wait = slots[0];
        for (var s = 1; s < capacity; s++)
        {
            wait = Math.Min(wait, slots[s]);
        }

        return wait;
    }
}
