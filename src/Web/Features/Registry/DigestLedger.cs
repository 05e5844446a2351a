using BuildFarm.Data;
using BuildFarm.Web.Features.Bases;
using BuildFarm.Web.Features.Planning;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Registry;

/// <summary>
/// Every digest a base reference was seen at when the farm planned a build, kept in the database: the tag's history
/// survives restarts, so a tag that moved while the farm was down is still reported as moved. The farm's one
/// record of tag moves (the resolver only caches its latest answer).
/// </summary>
public static class DigestLedger
{
    /// <summary>Records that each reference points at its digest now.</summary>
    /// <returns>For each reference last seen at another digest, that digest: the tag moved.</returns>
    public static async Task<IReadOnlyDictionary<string, string>> RecordAsync(
        FarmDbContext db, IEnumerable<(string Reference, string Digest)> seen, DateTimeOffset at, CancellationToken ct)
    {
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        var ms = at.ToUnixTimeMilliseconds();
        foreach (var (reference, digest) in seen.Distinct())
        {
            var latest = await db.ImageDigests.AsNoTracking().Where(d => d.Reference == reference)
                .OrderByDescending(d => d.LastSeenAt).ThenByDescending(d => d.FirstSeenAt).Select(d => d.Digest).FirstOrDefaultAsync(ct);
            if (latest is not null && latest != digest)
                moved[reference] = latest;
            // An upsert in SQL that SQLite and PostgreSQL both speak, so two submissions planning the same base at once cannot trip over each other's row.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO image_digests ("Reference", "Digest", "FirstSeenAt", "LastSeenAt") VALUES ({reference}, {digest}, {ms}, {ms})
                ON CONFLICT ("Reference", "Digest") DO UPDATE SET "LastSeenAt" = CASE
                    WHEN excluded."LastSeenAt" > image_digests."LastSeenAt" THEN excluded."LastSeenAt" ELSE image_digests."LastSeenAt" END
                """, ct);
            // Here, not in each caller, so a move the watch sees and one a submit sees raise the same alert.
            if (latest is not null && latest != digest)
                await BaseMoveAlert.RaiseAsync(db, reference, latest, digest, at, ct);
        }
        return moved;
    }

    static readonly string FreshStatus = nameof(DigestStatus.Resolved).ToLowerInvariant();

    /// <summary>Keeps a plan's base tag digests in their tags' history, and marks each base whose tag was last seen at
    /// another digest as moved from it, even when that was before the farm restarted.</summary>
    /// <remarks>The tag digest, not the platform one: the ledger is keyed by reference alone, so recording platform
    /// digests would call one tag planned for amd64 and then arm64 "moved" on every switch.</remarks>
    public static async Task<PlanningResult> RecordBasesAsync(FarmDbContext db, PlanningResult planned, DateTimeOffset at, CancellationToken ct)
    {
        // Only what the registry said just now: a cached or stale answer was recorded when it was fresh, and recording
        // it again as seen now would call a tag the watch has just seen move "moved back" to its old digest.
        var fresh = planned.Bases.Where(b => b.TagDigest is not null && b.Status == FreshStatus);
        var moved = await RecordAsync(db, fresh.Select(b => (b.Reference, b.TagDigest!)), at, ct);
        return moved.Count == 0 ? planned : planned with
        {
            Bases = planned.Bases.Select(b => moved.TryGetValue(b.Reference, out var old) ? b with { MovedFrom = old } : b).ToList(),
        };
    }

    /// <summary>The digests <paramref name="reference"/> has pointed at, most recently seen first.</summary>
    public static Task<List<ImageDigest>> HistoryAsync(FarmDbContext db, string reference, CancellationToken ct) =>
        db.ImageDigests.AsNoTracking().Where(d => d.Reference == reference).OrderByDescending(d => d.LastSeenAt).ThenByDescending(d => d.FirstSeenAt).ToListAsync(ct);
}
