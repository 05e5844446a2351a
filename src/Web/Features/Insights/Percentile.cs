using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>One percentile to read: the p-th of <c>Values</c>, a group whose size the aggregate query already counted.</summary>
sealed record PercentileAsk(IQueryable<long> Values, int Count, double P);

/// <summary>
/// Percentiles by nearest rank, read from the database one value each: with the group's count known from the
/// aggregate query, the p-th percentile is the value at 0-based position ceil(p·n) − 1 of the sorted group, which
/// <c>ORDER BY … LIMIT 1 OFFSET k</c> fetches on SQLite and PostgreSQL alike. Neither provider translates
/// PERCENTILE_CONT from LINQ (SQLite has none), and loading every duration to sort it in memory is what the insights
/// must not do. All the asks of a chart go out as one statement (each a subquery, joined by UNION ALL): one round
/// trip, where a query per bucket and percentile cost ninety for a month by day.
/// </summary>
static class Percentile
{
    public static int Rank(int count, double p) => Math.Max(0, (int)Math.Ceiling(p * count) - 1);

    /// <returns>Each ask's value, in the asks' order; null for an empty group.</returns>
    public static async Task<long?[]> ManyAsync(IReadOnlyList<PercentileAsk> asks, CancellationToken ct)
    {
        var values = new long?[asks.Count];
        IQueryable<Ranked>? all = null;
        for (var i = 0; i < asks.Count; i++)
        {
            var (source, count, p) = asks[i];
            if (count == 0)
                continue;
            var slot = i;
            var rank = Rank(count, p);
            // From the top for a high percentile: the same value, and both databases then keep only the few rows above
            // it while sorting (a top-N sort) instead of sorting the whole group.
            var one = (rank < count / 2 ? source.OrderBy(v => v).Skip(rank) : source.OrderByDescending(v => v).Skip(count - 1 - rank))
                .Take(1).Select(v => new Ranked { Slot = slot, Value = v });
            all = all is null ? one : all.Concat(one);
        }
        if (all is not null)
        {
            foreach (var found in await all.ToListAsync(ct))
                values[found.Slot] = found.Value;
        }
        return values;
    }

    sealed class Ranked
    {
        public int Slot { get; init; }
        public long Value { get; init; }
    }
}
