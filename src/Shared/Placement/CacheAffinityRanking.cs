namespace BuildFarm.Shared.Placement;

/// <summary>
/// Sends a build to the agent where it is expected to finish first: score = seconds its cache saves − seconds it
/// waits for a slot − seconds pulling bases it lacks (all estimates, so the score ranks agents by expected finish).
/// Ties go to the less-loaded agent, then to the lower id. An agent may hold up to
/// <see cref="PlacementOptions.MaxQueuedPerAgent"/> builds beyond its slots; one whose queue is full is scored too,
/// and when it is still expected to finish the build <see cref="PlacementOptions.HoldMarginSeconds"/> sooner than every
/// agent that could take it, the build waits for it in the farm's queue (the reason names it) rather than start cold.
/// </summary>
internal sealed record CacheAffinityRanking : Ranking
{
    internal override int QueueAllowance(PlacementOptions options) => options.MaxQueuedPerAgent;

    internal override Choice Choose(FeasibleSet feasible, ChainEstimate estimate)
    {
        var agents = feasible.Agents;
        var verdicts = feasible.Verdicts;
        var best = -1;
        foreach (var i in feasible.Eligible)
        {
            verdicts[i] = estimate.Judge(agents[i]);
            if (best < 0 || Beats(agents[i], verdicts[i], agents[best], verdicts[best]))
            {
                best = i;
            }
        }

        if (Held(feasible, best, estimate) is { } held)
        {
            return Choice.Wait(WhyHeld(feasible, held, best));
        }

        return best < 0 ? Choice.Wait(feasible.WhyWaiting()) : new Choice(best, $"{agents[best].Name}: {verdicts[best].Detail}");
    }

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
    private static int? Held(FeasibleSet feasible, int best, ChainEstimate estimate)
    {
        if (feasible.Full is not { } full)
        {
            return null;
        }

        var agents = feasible.Agents;
        var verdicts = feasible.Verdicts;
        var margin = estimate.Options.HoldMarginSeconds;
        var bestFinish = best < 0 ? double.PositiveInfinity : estimate.TotalCost - verdicts[best].Score;
        int? held = null;
        foreach (var i in full)
        {
            if (SlotWait.Of(agents[i], estimate.Options) + margin >= bestFinish)
            {
                continue;
            }

            verdicts[i] = estimate.Judge(agents[i], verdicts[i]);
            if ((best < 0 || verdicts[i].Score > verdicts[best].Score + margin)
                && (held is not { } h || Beats(agents[i], verdicts[i], agents[h], verdicts[h])))
            {
                held = i;
            }
        }

        return held;
    }

    private static string WhyHeld(FeasibleSet feasible, int busy, int free)
    {
        var (agents, verdicts) = (feasible.Agents, feasible.Verdicts);
        var warm = verdicts[busy];
        var text = $"waiting for {agents[busy].Name}, {warm.Detail}: {PlacementText.Describe(warm)}";
        return free < 0
            ? $"{text}; {feasible.WhyWaiting()}"
            : $"{text}; expected to finish {PlacementText.Seconds(warm.Score - verdicts[free].Score)} sooner there than on {agents[free].Name}, "
              + $"the best agent free now ({verdicts[free].Detail})";
    }
}
