namespace BuildFarm.Shared.Placement;

/// <summary>
/// The usual policy of build farms that ignore caches: each build goes to the next agent in turn that has a free slot.
/// The farm offers it for comparison (and for sites that want builds spread evenly); its verdicts say why each agent
/// was or was not eligible, like the other policies'.
/// </summary>
public static class RoundRobinPlacement
{
    /// <summary>Chooses the agent whose turn it is, or says why none can take the build.</summary>
    /// <param name="agents">The agents.</param>
    /// <param name="turn">How many builds this policy placed before: the rotation's position.</param>
    /// <returns>The decision, verdicts in id order.</returns>
    public static PlacementDecision Place(IReadOnlyList<AgentSnapshot> agents, int turn)
    {
        // Least-loaded placement already judges eligibility (online, engine up, a free slot); only the choice differs.
        var judged = LeastLoadedPlacement.Place(agents);
        var eligible = judged.Candidates.Where(v => v.Rejected is null).ToList();
        if (eligible.Count == 0)
        {
            return judged;
        }

        var ordered = agents.Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        var start = ordered.Count == 0 ? 0 : ((turn % ordered.Count) + ordered.Count) % ordered.Count;
        // The next agent at or after the turn's position that can take it, wrapping around.
        var chosen = Enumerable.Range(0, ordered.Count).Select(i => ordered[(start + i) % ordered.Count])
            .Select(id => eligible.FirstOrDefault(v => v.AgentId == id)).First(v => v is not null)!;
        var verdicts = judged.Candidates.Select(v => v.Rejected is null
            ? v with { Score = v.AgentId == chosen.AgentId ? 1 : 0, Detail = v.AgentId == chosen.AgentId ? $"its turn (round robin, build {turn + 1})" : "not its turn (round robin)" }
            : v).ToList();
        return new PlacementDecision(chosen.AgentId, $"{chosen.AgentName}: its turn (round robin)", verdicts);
    }
}
