namespace BuildFarm.Shared.Placement;

/// <summary>
/// The eligible agent with the largest free share of its slots, ties by id so decisions repeat: the usual policy of
/// farms that ignore caches. A slot must be free: it queues nothing on an agent.
/// </summary>
internal sealed record LeastLoadedRanking : Ranking
{
    internal override int QueueAllowance(PlacementOptions options) => 0;

    internal override Choice Choose(FeasibleSet feasible, ChainEstimate estimate)
    {
        var best = -1;
        foreach (var i in feasible.Eligible)
        {
            var a = feasible.Agents[i];
            // Free share rather than free count, so a big agent is not always preferred over an idle small one.
            var score = (double)(a.Capacity - a.Running) / Math.Max(1, a.Capacity);
            feasible.Verdicts[i] = new CandidateVerdict(a.Id, a.Name, null, score, $"least loaded ({a.Running}/{a.Capacity} builds running)");
            if (best < 0 || score > feasible.Verdicts[best].Score
                || (score == feasible.Verdicts[best].Score && string.CompareOrdinal(a.Id, feasible.Agents[best].Id) < 0))
            {
                best = i;
            }
        }

        return best < 0
            ? Choice.Wait(feasible.WhyWaiting())
            : new Choice(best, $"{feasible.Agents[best].Name}: {feasible.Verdicts[best].Detail}");
    }
}
