namespace BuildFarm.Shared.Placement;

/// <summary>
/// How the agents that passed the hard constraints are ranked: the one thing a site's placement setting chooses.
/// Every ranking sees the same feasible set, and every decision carries the same predictions.
/// </summary>
public abstract record Ranking
{
    private protected Ranking()
    {
    }

    /// <summary>Where the build is expected to finish first, counting what each agent's cache saves (the default).</summary>
    public static Ranking CacheAffinity { get; } = new CacheAffinityRanking();

    /// <summary>The agent with the largest free share of its slots; ties by id.</summary>
    public static Ranking LeastLoaded { get; } = new LeastLoadedRanking();

    /// <summary>The next agent in id order, from the rotation's position, that has a free slot.</summary>
    /// <param name="turn">How many builds this ranking placed before.</param>
    /// <returns>The ranking.</returns>
    public static Ranking RoundRobin(int turn) => new RoundRobinRanking(turn);

    /// <summary>Builds an agent may hold on its own queue beyond its slots under this ranking.</summary>
    internal abstract int QueueAllowance(PlacementOptions options);

    /// <summary>Judges every eligible agent (fills its verdict) and chooses one, or says why the build waits.</summary>
    internal abstract Choice Choose(FeasibleSet feasible, ChainEstimate estimate);
}

/// <summary>The chosen agent's index in the snapshot, or -1 when the build waits, and why.</summary>
internal readonly record struct Choice(int Index, string Reason)
{
    public static Choice Wait(string reason) => new(-1, reason);
}
