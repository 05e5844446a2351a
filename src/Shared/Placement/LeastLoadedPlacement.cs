namespace BuildFarm.Shared.Placement;

/// <summary>
/// The spine's placement: the eligible agent with the most free capacity (ties by id, so decisions are repeatable).
/// Pure over its snapshot; cache-aware scoring replaces the score, not the seam.
/// </summary>
public static class LeastLoadedPlacement
{
    /// <summary>Chooses an agent for one build, or says why none can take it.</summary>
    public static PlacementDecision Place(IReadOnlyList<AgentSnapshot> agents)
    {
        var verdicts = agents.OrderBy(a => a.Id, StringComparer.Ordinal).Select(Judge).ToList();
        var chosen = verdicts.Where(v => v.Rejected is null)
            .OrderByDescending(v => v.Score)
            .ThenBy(v => v.AgentId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (chosen is not null)
            return new PlacementDecision(chosen.AgentId, $"{chosen.AgentName}: {chosen.Detail}", verdicts);
        return new PlacementDecision(null, WhyWaiting(agents, verdicts), verdicts);
    }

    static CandidateVerdict Judge(AgentSnapshot a)
    {
        if (!a.Online)
            return new(a.Id, a.Name, Rejection.Offline, 0, "offline");
        if (a.DockerError is not null)
            return new(a.Id, a.Name, Rejection.EngineDown, 0, $"Docker engine unavailable: {a.DockerError}");
        var free = a.Capacity - a.Running;
        if (free <= 0)
            return new(a.Id, a.Name, Rejection.NoFreeCapacity, 0, $"busy ({a.Running}/{a.Capacity} builds)");
        // Free share rather than free count, so a big agent is not always preferred over an idle small one.
        var score = (double)free / a.Capacity;
        return new(a.Id, a.Name, null, score, $"least loaded ({a.Running}/{a.Capacity} builds running)");
    }

    static string WhyWaiting(IReadOnlyList<AgentSnapshot> agents, IReadOnlyList<CandidateVerdict> verdicts)
    {
        if (agents.Count == 0)
            return "no agent has registered with the farm yet";
        if (verdicts.All(v => v.Rejected == Rejection.Offline))
            return $"no agent online ({agents.Count} known, all offline)";
        var parts = verdicts.Where(v => v.Rejected != Rejection.Offline).Select(v => $"{v.AgentName}: {v.Detail}");
        return "every online agent is unavailable — " + string.Join("; ", parts);
    }
}
