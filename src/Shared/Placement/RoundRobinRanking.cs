namespace BuildFarm.Shared.Placement;

/// <summary>
/// Each build goes to the next agent in id order, from the rotation's position, that has a free slot: the usual
/// policy of farms that ignore caches, for sites that want builds spread evenly. It queues nothing on an agent.
/// </summary>
/// <param name="Turn">How many builds it placed before: the rotation's position.</param>
internal sealed record RoundRobinRanking(int Turn) : Ranking
{
    internal override int QueueAllowance(PlacementOptions options) => 0;

    internal override Choice Choose(FeasibleSet feasible, ChainEstimate estimate)
    {
        if (feasible.Eligible.Count == 0)
        {
            return Choice.Wait(feasible.WhyWaiting());
        }

        var agents = feasible.Agents;
        var ordered = Enumerable.Range(0, agents.Count).OrderBy(i => agents[i].Id, StringComparer.Ordinal).ToList();
        var eligible = feasible.Eligible.ToHashSet();
        var start = ((Turn % ordered.Count) + ordered.Count) % ordered.Count;
        // The next agent at or after the turn's position that can take it, wrapping around.
        var chosen = Enumerable.Range(0, ordered.Count).Select(k => ordered[(start + k) % ordered.Count]).First(eligible.Contains);
        foreach (var i in feasible.Eligible)
        {
            feasible.Verdicts[i] = i == chosen
                ? new CandidateVerdict(agents[i].Id, agents[i].Name, null, 1, $"its turn (round robin, build {Turn + 1})")
                : new CandidateVerdict(agents[i].Id, agents[i].Name, null, 0, "not its turn (round robin)");
        }

        return new Choice(chosen, $"{agents[chosen].Name}: its turn (round robin)");
    }
}
