namespace BuildFarm.Shared.Misses;

/// <summary>
/// The key was unchanged, so the cache existed somewhere: pruned by the agent that held it (a drop reported between
/// the earlier build's end and this build's start), or held by an agent placement passed over.
/// </summary>
internal static class CacheWhereabouts
{
    public static MissExplanation Classify(
        MissExplanation seed, IReadOnlySet<string> needed, string missedKey, MissBuild build, MissBuild earlier, MissFacts facts)
    {
        var from = earlier.FinishedAt ?? earlier.QueuedAt;
        var until = build.StartedAt ?? build.FinishedAt ?? DateTimeOffset.MaxValue;
        var drops = facts.Drops.Where(d => needed.Contains(d.Key) && d.At >= from && d.At <= until).OrderBy(d => d.At).ToList();
        // The agent the build ran on first: had it kept the cache, the build would have hit.
        var drop = drops.FirstOrDefault(d => d.AgentId == build.AgentId) ?? drops.FirstOrDefault(d => d.AgentId == earlier.AgentId);
        if (drop is not null)
        {
            return seed with { Cause = MissCauses.Evicted, CacheAgent = drop.AgentId, EvictedAt = drop.At, Detail = MissText.Evicted(drop.AgentId, drop.At) };
        }

        var holder = Holder(missedKey, build, earlier, facts);
        if (holder is not null)
        {
            var verdict = facts.Candidates.FirstOrDefault(c => c.AgentId == holder);
            var why = MissText.PassedOver(verdict, facts.PlacementReason);
            return seed with
            {
                Cause = MissCauses.OtherAgent,
                CacheAgent = holder,
                PlacementReason = why,
                Detail = MissText.OtherAgent(build.AgentId, holder, why),
            };
        }

        if (build.AgentId is { } agent && !facts.Holdings.Any(h => h.AgentId == agent && h.Key == missedKey))
        {
            return seed with { Cause = MissCauses.Evicted, CacheAgent = agent, Detail = MissText.Evicted(agent, null) };
        }

        return seed with { Cause = MissCauses.Unknown, Detail = MissText.UnchangedAndHeld(build.AgentId) };
    }

    // The earlier build's agent built the step; failing that, any other agent the farm believes holds it.
    static string? Holder(string key, MissBuild build, MissBuild earlier, MissFacts facts)
    {
        if (earlier.AgentId is { } previous && previous != build.AgentId)
        {
            return previous;
        }

        return facts.Holdings.FirstOrDefault(h => h.Key == key && h.AgentId != build.AgentId)?.AgentId;
    }
}
