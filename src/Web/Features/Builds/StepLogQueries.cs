using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>One stored batch of a step's output.</summary>
public sealed record LogChunkView(int Seq, string Text, bool Cut);

/// <summary>What the page shows of a step's log: its end, up to a size a browser renders at ease.</summary>
public sealed record StepLogSlice(IReadOnlyList<LogChunkView> Chunks, bool EarlierLeftOut);

public static class StepLogQueries
{
    /// <summary>The page shows at most this much of one step's log; the download has all of it.</summary>
    public const long ShownBytes = 2L * 1024 * 1024;

    /// <summary>The batches after <paramref name="afterSeq"/>; on a first read (null), the last ones that fit in
    /// <paramref name="maxBytes"/>.</summary>
    public static async Task<StepLogSlice> StepLogAsync(this FarmDbContext db, Guid buildId, int attempt, int index, int? afterSeq,
        long maxBytes = ShownBytes, CancellationToken cancellationToken = default)
    {
        var chunks = db.BuildLogChunks.AsNoTracking()
            .Where(c => c.BuildId == buildId && c.Attempt == attempt && c.StepIndex == index);
        var from = afterSeq + 1 ?? 0;
        var earlierLeftOut = false;
        if (afterSeq is null)
        {
            var sizes = await chunks.OrderByDescending(c => c.Seq).Select(c => new { c.Seq, c.Bytes }).ToListAsync(cancellationToken);
            long total = 0;
            foreach (var size in sizes)
            {
                if (total + size.Bytes > maxBytes && total > 0)
                {
                    earlierLeftOut = true;
                    break;
                }
                total += size.Bytes;
                from = size.Seq;
            }
        }
        var shown = await chunks.Where(c => c.Seq >= from).OrderBy(c => c.Seq)
            .Select(c => new LogChunkView(c.Seq, c.Text, c.Cut))
            .ToListAsync(cancellationToken);
        return new StepLogSlice(shown, earlierLeftOut);
    }
}
