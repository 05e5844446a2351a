using BuildFarm.Data;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Placement;

/// <summary>
/// How well placement's predictions matched what BuildKit found, summed over the most recent scored builds: the
/// number an admin watches to know whether "agent-2: 14/16 steps cached" can be trusted. Falling precision means
/// the farm believes agents hold cache they lost; falling recall, that it does not learn what they hold.
/// </summary>
/// <param name="Builds">Scored builds summed.</param>
/// <param name="Hits">Steps predicted cached that were.</param>
/// <param name="FalseHits">Steps predicted cached that ran.</param>
/// <param name="Misses">Steps cached that were not predicted.</param>
public sealed record PlacementAccuracy(int Builds, int Hits, int FalseHits, int Misses)
{
    public const int DefaultLast = 200;
    public const int MaxLast = 5000;

    /// <summary>Share of predicted-cached steps that were cached; 1 with nothing predicted.</summary>
    public double Precision => new PredictionScore(Hits, FalseHits, Misses).Precision;

    /// <summary>Share of cached steps that were predicted; 1 with nothing cached.</summary>
    public double Recall => new PredictionScore(Hits, FalseHits, Misses).Recall;

    public static async Task<PlacementAccuracy> OfLastAsync(FarmDbContext db, int last, CancellationToken ct)
    {
        var scored = await db.Builds.AsNoTracking()
            .Where(b => b.PredictionHits != null && b.FinishedAt != null)
            .OrderByDescending(b => b.FinishedAt).ThenBy(b => b.Id)
            .Take(Math.Clamp(last, 1, MaxLast))
            .Select(b => new { Hits = b.PredictionHits!.Value, FalseHits = b.PredictionFalseHits ?? 0, Misses = b.PredictionMisses ?? 0 })
            .ToListAsync(ct);
        return new PlacementAccuracy(scored.Count, scored.Sum(s => s.Hits), scored.Sum(s => s.FalseHits), scored.Sum(s => s.Misses));
    }

    /// <summary>"Placement predictions over the last 200 builds: precision 0.99 (812 of 820 …), recall …".</summary>
    public override string ToString() => Builds == 0
        ? "No build has been scored against placement's prediction yet."
        : $"Placement predictions over the last {Builds} builds: precision {Precision:0.00} ({Hits} of {Hits + FalseHits} steps " +
          $"predicted cached were), recall {Recall:0.00} ({Hits} of {Hits + Misses} cached steps were predicted).";
}
