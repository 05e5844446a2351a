using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Features.Cache;

/// <summary>Where to cut the build cache when it outgrows its budget. Pure.</summary>
/// <remarks>The cut is by build, not by record: keys a build used share its last-used time in the inventory, so
/// cutting at one of those times drops whole builds, the least recently used first, and BuildKit's records last used at
/// or before the time go with them. Records and inventory times are compared as one clock: the agent runs beside its
/// engine.</remarks>
public static class PruneCutoff
{
    /// <summary>The earliest inventory time (unix ms) whose cut brings the cache under <paramref name="budget"/>; the
    /// latest one before <paramref name="keepFromMs"/> when none does (as close as the cut can get); null when the cache
    /// fits, or nothing older than <paramref name="keepFromMs"/> could go.</summary>
    /// <param name="inventory">Key → last-used time, unix ms.</param>
    /// <param name="records">The engine's build-cache records.</param>
    /// <param name="budget">The most bytes to keep.</param>
    /// <param name="keepFromMs">Keys used at or after this stay whatever happens: the build that just ended.</param>
    public static long? Choose(IReadOnlyDictionary<string, long> inventory, IReadOnlyList<BuildCacheRecord> records, long budget, long keepFromMs)
    {
        var total = records.Sum(r => r.Size);
        if (total <= budget)
            return null;
        long? cut = null;
        foreach (var time in inventory.Values.Where(t => t < keepFromMs).Distinct().Order())
        {
            cut = time;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(time);
            // Records in use belong to a running build: BuildKit keeps them, so they free nothing.
            var freed = records.Where(r => !r.InUse && r.UsedAt <= at).Sum(r => r.Size);
            if (total - freed <= budget)
                break;
        }
        return cut;
    }

    /// <summary>
    /// Keys the engine can no longer hold: last used before every record it still has. A key's records were last used
    /// during its build, at or before the key's time, so when every surviving record is newer they are all gone, pruned
    /// by BuildKit's own garbage collector or by an admin's <c>docker builder prune</c>. An empty cache vanishes every
    /// key. Conservative: a key whose records went while older ones stayed is left for a build to disprove, and keys
    /// within <see cref="ClockSlack"/> of the oldest record stay, so an engine whose clock runs ahead of the agent's
    /// (a <c>tcp://</c> engine on another host) does not make fresh keys look gone.
    /// </summary>
    public static IReadOnlyList<string> Vanished(IReadOnlyDictionary<string, long> inventory, IReadOnlyList<BuildCacheRecord> records)
    {
        if (records.Count == 0)
            return [.. inventory.Keys];
        var before = (records.Min(r => r.UsedAt) - ClockSlack).ToUnixTimeMilliseconds();
        return inventory.Where(k => k.Value < before).Select(k => k.Key).ToList();
    }

    /// <summary>How far the engine's clock may run ahead of the agent's before <see cref="Vanished"/> errs.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(10);
}
