namespace BuildFarm.Shared.Placement;

/// <summary>
/// What one build costs on each agent: the steps its cache holds, the seconds that saves, the base pulls it needs,
/// its wait for a slot and the seconds it runs. Made once per decision (step costs and the index's bits for the
/// build's keys), then asked agent after agent in its own scratch space: not thread-safe, and no allocation per agent.
/// </summary>
/// <remarks>
/// What the cache saves follows BuildKit's reuse: an agent holds a step when it holds the step's key and the step it is
/// built on (the longest prefix of each stage's chain), and BuildKit is lazy, so a step runs only when it is not held
/// and the target needs it: a held step stands in for everything before it. A build that has to queue on an agent
/// also counts what the builds ahead of it there will leave. With a <see cref="ClusterSnapshot.Index"/> each of the
/// build's keys is hashed once per decision, then agents are bit tests; without one, each agent's
/// <see cref="AgentSnapshot.CacheKeys"/> is probed per step.
/// </remarks>
internal sealed class ChainEstimate
{
    private readonly BuildPlan _plan;
    private readonly PlanStep[] _steps;
    private readonly double[] _costs;
    private readonly bool[] _held;
    private readonly bool[] _runs;
    private readonly CacheIndex? _index;
    // _bits[step * _words + slot / 64] says which index slots hold a step.
    private readonly ulong[]? _bits;
    private readonly int _words;

    public ChainEstimate(ClusterSnapshot cluster, BuildPlan plan)
    {
        _plan = plan;
        _steps = [.. plan.Steps];
        _costs = new double[_steps.Length];
        for (var i = 0; i < _steps.Length; i++)
        {
            _costs[i] = cluster.Durations.Estimate(_steps[i]);
            // Counted as the build page counts cache hits: vertices after FROM (BuildKit's CACHED on FROM means nothing).
            TotalVertices += _steps[i] is { HasVertex: true, Kind: StepKind.Instruction } ? 1 : 0;
        }

        TotalCost = _costs.Sum();
        Options = cluster.Options;
        _held = new bool[_steps.Length];
        _runs = new bool[_steps.Length];
        _index = cluster.Index;
        if (_index is not null && _steps.Length > 0)
        {
            (_bits, _words) = HeldBits(_index, _steps);
        }
    }

    public PlacementOptions Options { get; }

    /// <summary>Every step's cost: what a score is measured from.</summary>
    public double TotalCost { get; }

    public int TotalVertices { get; }

    /// <summary>Scores an agent. A full one keeps its rejection and gains the parts, so the build page shows what
    /// waiting for it buys; an eligible one's detail is written from the parts when first read.</summary>
    public CandidateVerdict Judge(AgentSnapshot agent, CandidateVerdict? full = null)
    {
        var (cached, saved, queue, pull, run) = Cost(agent);
        return new CandidateVerdict(agent.Id, agent.Name, full?.Rejected, saved - queue - pull, full?.Detail!)
        {
            CachedSteps = cached,
            TotalSteps = TotalVertices,
            SecondsSaved = saved,
            QueueWaitSeconds = queue,
            PullSeconds = pull,
            BuildSeconds = run + pull,
        };
    }

    /// <summary>
    /// The keys of the steps the agent should report CACHED (vertices after FROM whose chain it holds), to score the
    /// prediction once the build ends, with the verdict on it.
    /// </summary>
    public (CandidateVerdict Verdict, IReadOnlyList<string> CachedKeys) Predict(AgentSnapshot agent, CandidateVerdict ranked)
    {
        var scored = Judge(agent);
        // Held is the scratch space Judge just filled for this agent.
        var keys = _steps.Where((s, i) => _held[i] && s is { Kind: StepKind.Instruction, HasVertex: true }).Select(s => s.Key).ToList();
        return (ranked with
        {
            CachedSteps = scored.CachedSteps,
            TotalSteps = scored.TotalSteps,
            SecondsSaved = scored.SecondsSaved,
            QueueWaitSeconds = scored.QueueWaitSeconds,
            PullSeconds = scored.PullSeconds,
            BuildSeconds = scored.BuildSeconds,
        }, keys);
    }

    private (int Cached, double Saved, double Queue, double Pull, double Run) Cost(AgentSnapshot agent)
    {
        var queue = SlotWait.Of(agent, Options);
        if (_steps.Length == 0)
        {
            return (0, 0, queue, 0, 0);
        }

        var incoming = queue > 0 ? agent.IncomingKeys : null;
        var slot = _index is null ? -1 : _index.SlotOf(agent.Id);
        for (var i = 0; i < _steps.Length; i++)
        {
            var step = _steps[i];
            var parentHeld = step.Parent < 0 || _held[step.Parent];
            _held[i] = step.Kind switch
            {
                StepKind.Scratch => true,
                StepKind.Stage => parentHeld,
                // With an index, digests are read from it: one more set probe per agent would cost a cache miss.
                StepKind.Image => (step.BaseDigest is { } digest
                        && ((_index is null && agent.BaseDigests.Contains(digest)) || incoming?.Contains(digest) == true))
                    || Holds(agent, slot, incoming, i),
                _ => parentHeld && !_plan.NoCache && Holds(agent, slot, incoming, i),
            };
            _runs[i] = false;
        }

        // Walk back from the target: a step that must run needs what it is built on and what it reads.
        _runs[^1] = !_held[^1];
        int cached = 0;
        double saved = 0, pull = 0, run = 0;
        for (var i = _steps.Length - 1; i >= 0; i--)
        {
            var step = _steps[i];
            if (_runs[i])
            {
                run += _costs[i];
                if (step.Kind == StepKind.Image)
                {
                    pull += (step.BaseBytes > 0 ? step.BaseBytes : Options.DefaultBaseBytes) / Options.PullBytesPerSecond;
                }

                if (step.Parent >= 0 && !_held[step.Parent])
                {
                    _runs[step.Parent] = true;
                }

                // Indexed, not foreach: enumerating an IReadOnlyList allocates, once per agent and step.
                var inputs = step.Inputs;
                for (var k = 0; k < inputs.Count; k++)
                {
                    _runs[inputs[k]] |= !_held[inputs[k]];
                }
            }
            else
            {
                saved += _costs[i];
                cached += step is { HasVertex: true, Kind: StepKind.Instruction } ? 1 : 0;
            }
        }

        return (cached, saved, queue, pull, run);
    }

    private bool Holds(AgentSnapshot agent, int slot, IReadOnlySet<string>? incoming, int step)
    {
        var held = _bits is null
            ? agent.CacheKeys.Contains(_steps[step].Key)
            : slot >= 0 && (_bits[step * _words + (slot >> 6)] & (1UL << (slot & 63))) != 0;
        return held || (incoming is { Count: > 0 } && incoming.Contains(_steps[step].Key));
    }

    /// <summary>For each step, the index slots that hold its key (or, for FROM an image, its base digest).</summary>
    private static (ulong[] Bits, int Words) HeldBits(CacheIndex index, PlanStep[] steps)
    {
        var words = Math.Max(1, (index.SlotCount + 63) / 64);
        var bits = new ulong[steps.Length * words];
        for (var i = 0; i < steps.Length; i++)
        {
            Mark(bits, i * words, index.Holders(steps[i].Key));
            if (steps[i].BaseDigest is { } digest)
            {
                Mark(bits, i * words, index.Holders(digest));
            }
        }

        return (bits, words);
    }

    private static void Mark(ulong[] bits, int offset, List<int>? slots)
    {
        if (slots is null)
        {
            return;
        }

        foreach (var slot in slots)
        {
            bits[offset + (slot >> 6)] |= 1UL << (slot & 63);
        }
    }
}
