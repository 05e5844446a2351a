namespace BuildFarm.Shared.Placement;

public static partial class CacheAffinityPlacement
{
    private static (int Cached, double Saved, double Pull, double Run) Estimate(AgentSnapshot agent, IReadOnlySet<string>? incoming, Work work)
    {
        var steps = work.Steps;
        if (steps.Length == 0)
        {
            return (0, 0, 0, 0);
        }

        var held = work.Held;
        var slot = work.Index is null ? -1 : work.Index.SlotOf(agent.Id);
        var runs = work.Runs;
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var parentHeld = step.Parent < 0 || held[step.Parent];
            held[i] = step.Kind switch
            {
                StepKind.Scratch => true,
                StepKind.Stage => parentHeld,
                // With an index, digests are read from it: one more set probe per agent would cost a cache miss.
                StepKind.Image => (step.BaseDigest is { } digest
                        && ((work.Index is null && agent.BaseDigests.Contains(digest)) || incoming?.Contains(digest) == true))
                    || Holds(agent, slot, incoming, work, i),
                _ => parentHeld && !work.Plan.NoCache && Holds(agent, slot, incoming, work, i),
            };
            runs[i] = false;
        }

        // Walk back from the target: a step that must run needs what it is built on and what it reads.
        runs[^1] = !held[^1];
        int cached = 0;
        double saved = 0, pull = 0, run = 0;
        for (var i = steps.Length - 1; i >= 0; i--)
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

                // Indexed, not foreach: enumerating an IReadOnlyList allocates, once per agent and step.
                var inputs = step.Inputs;
                for (var k = 0; k < inputs.Count; k++)
                {
                    runs[inputs[k]] |= !held[inputs[k]];
                }
            }
            else
            {
                saved += work.Costs[i];
                cached += step is { HasVertex: true, Kind: StepKind.Instruction } ? 1 : 0;
            }
        }

        return (cached, saved, pull, run);
    }

    private static bool Holds(AgentSnapshot agent, int slot, IReadOnlySet<string>? incoming, Work work, int step)
    {
        var held = work.Bits is null
            ? agent.CacheKeys.Contains(work.Steps[step].Key)
            : slot >= 0 && (work.Bits[step * work.Words + (slot >> 6)] & (1UL << (slot & 63))) != 0;
        return held || (incoming is { Count: > 0 } && incoming.Contains(work.Steps[step].Key));
    }

    /// <summary>For each step, the index slots that hold its key (or, for FROM an image, its base digest).</summary>
    private static (ulong[] Bits, int Words) HeldBits(CacheIndex index, IReadOnlyList<PlanStep> steps)
    {
        var words = Math.Max(1, (index.SlotCount + 63) / 64);
        var bits = new ulong[steps.Count * words];
        for (var i = 0; i < steps.Count; i++)
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
