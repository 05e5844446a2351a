namespace BuildFarm.Shared.Placement;

/// <summary>How long a build placed on an agent now waits for one of its slots.</summary>
internal static class SlotWait
{
    /// <summary>When the agent's earliest slot frees up, starting its assigned builds in order on its free slots.</summary>
    public static double Of(AgentSnapshot agent, PlacementOptions options)
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
