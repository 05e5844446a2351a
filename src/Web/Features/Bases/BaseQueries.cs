using System.Globalization;
using BuildFarm.Data;
using BuildFarm.Shared.Bases;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Bases;

public static class BaseQueries
{
    const int RecentBuilds = 5;

    /// <summary>Every base tag a build used, with its history, drift and the builds each digest served.</summary>
    public static async Task<List<BaseView>> BasesAsync(this FarmDbContext db, CancellationToken ct)
    {
        var digests = await db.ImageDigests.AsNoTracking().ToListAsync(ct);
        var checks = await db.BaseChecks.AsNoTracking().ToDictionaryAsync(c => c.Reference, ct);
        var counts = (await db.BuildBases.GroupBy(b => new { b.Reference, b.Digest })
                .Select(g => new { g.Key.Reference, g.Key.Digest, Builds = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => (c.Reference, c.Digest), c => c.Builds);
        var bases = new List<BaseView>();
        foreach (var tag in digests.GroupBy(d => d.Reference).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var history = tag.Select(d => new TagDigest(d.Digest, d.FirstSeenAt, d.LastSeenAt)).ToList();
            var current = BaseDrift.Current(history)!;
            var rows = new List<BaseDigestView>();
            foreach (var d in history.OrderByDescending(h => h.LastSeen).ThenByDescending(h => h.FirstSeen))
            {
                var served = counts.GetValueOrDefault((tag.Key, d.Digest));
                var recent = served == 0 ? [] : await RecentBuildsAsync(db, tag.Key, d.Digest, ct);
                rows.Add(new BaseDigestView(d.Digest, d.FirstSeen, d.LastSeen, served, recent));
            }
            var drift = BaseDrift.Moves(history)
                .Select(m => new BaseDriftView(m.From, m.To, m.At, m.Back, counts.GetValueOrDefault((tag.Key, m.From))))
                .Reverse().ToList();
            var check = checks.GetValueOrDefault(tag.Key);
            bases.Add(new BaseView(tag.Key, current.Digest, BaseDrift.Pinned(tag.Key, current.Digest), check?.CheckedAt,
                check?.Error is { } error ? Sentence(error, check.CheckedAt, current) : null, rows, drift));
        }
        return bases;
    }

    static Task<List<Guid>> RecentBuildsAsync(FarmDbContext db, string reference, string digest, CancellationToken ct) =>
        db.BuildBases.Where(b => b.Reference == reference && b.Digest == digest)
            .Join(db.Builds, b => b.BuildId, build => build.Id, (_, build) => build)
            .OrderByDescending(b => b.QueuedAt).Select(b => b.Id).Take(RecentBuilds).ToListAsync(ct);

    static string Sentence(string error, DateTimeOffset checkedAt, TagDigest known) =>
        $"The registry could not be asked at {Utc(checkedAt)}: {error.TrimEnd('.')}. " +
        $"The digest shown is the last one seen, at {Utc(known.LastSeen)}.";

    static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>What the build page should say about this build's bases: a tag that moved since it was built, or one
    /// that had just moved when it was (it was its repository's first build on the new digest).</summary>
    public static async Task<List<BaseDriftNoteView>> DriftNotesAsync(this FarmDbContext db, Guid buildId, CancellationToken ct)
    {
        // Two round trips in the usual case: the bases with the build's repository and queue time, then every used
        // tag's history at once.
        var bases = await db.BuildBases.AsNoTracking().Where(b => b.BuildId == buildId)
            .Join(db.Builds, u => u.BuildId, b => b.Id, (u, b) => new { u.Reference, u.Digest, b.Repository, b.QueuedAt })
            .ToListAsync(ct);
        if (bases.Count == 0)
            return [];
        var references = bases.Select(b => b.Reference).Distinct().ToList();
        var histories = (await db.ImageDigests.AsNoTracking().Where(d => references.Contains(d.Reference))
                .Select(d => new { d.Reference, Seen = new TagDigest(d.Digest, d.FirstSeenAt, d.LastSeenAt) }).ToListAsync(ct))
            .ToLookup(d => d.Reference, d => d.Seen, StringComparer.Ordinal);
        var notes = new List<BaseDriftNoteView>();
        foreach (var used in bases)
        {
            var history = histories[used.Reference].ToList();
            var moves = BaseDrift.Moves(history);
            if (BaseDrift.Current(history) is { } current && current.Digest != used.Digest &&
                moves.LastOrDefault(m => m.To == current.Digest) is { } since)
            {
                notes.Add(new BaseDriftNoteView(used.Reference, used.Digest, current.Digest, since.At, Since: true));
                continue;
            }
            if (moves.LastOrDefault(m => m.To == used.Digest && m.At <= used.QueuedAt) is { } before &&
                !await db.BuildBases.Where(b => b.Reference == used.Reference && b.Digest == used.Digest && b.BuildId != buildId)
                    .Join(db.Builds, b => b.BuildId, b => b.Id, (_, b) => b)
                    .AnyAsync(b => b.Repository == used.Repository && b.QueuedAt < used.QueuedAt, ct))
                notes.Add(new BaseDriftNoteView(used.Reference, used.Digest, before.From, before.At, Since: false));
        }
        return notes;
    }
}
