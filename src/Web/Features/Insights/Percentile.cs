using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>
/// Percentiles by nearest rank, read from the database one value at a time: with the group's count known from the
/// aggregate query, the p-th percentile is the value at 0-based position ceil(p·n) − 1 of the sorted group, which
/// <c>ORDER BY … LIMIT 1 OFFSET k</c> fetches on SQLite and PostgreSQL alike. Neither provider translates
/// PERCENTILE_CONT from LINQ (SQLite has none), and loading every duration to sort it in memory is what the
/// insights must not do; one small indexed query per bucket and percentile costs a round trip each instead.
/// </summary>
static class Percentile
{
    public static int Rank(int count, double p) => Math.Max(0, (int)Math.Ceiling(p * count) - 1);

    public static async Task<long?> OfAsync(IQueryable<long> values, int count, double p, CancellationToken ct) =>
        count == 0 ? null : await values.OrderBy(v => v).Skip(Rank(count, p)).FirstAsync(ct);
}
