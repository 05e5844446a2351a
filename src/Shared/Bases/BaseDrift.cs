namespace BuildFarm.Shared.Bases;

/// <summary>One digest a base tag pointed at, with when the farm first and last saw it there.</summary>
/// <param name="Digest">The tag digest ("sha256:…").</param>
/// <param name="FirstSeen">The first time the farm saw the tag at this digest.</param>
/// <param name="LastSeen">The latest time the farm saw the tag at this digest.</param>
public sealed record TagDigest(string Digest, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>A base tag seen at another digest than before: a drift event.</summary>
/// <param name="From">The digest the tag pointed at before.</param>
/// <param name="To">The digest it points at since.</param>
/// <param name="At">When the farm first saw it at <paramref name="To"/>; for a move back to a digest seen before, the
/// last time it was still seen at <paramref name="From"/> (the history keeps one row per digest, so the exact time
/// it came back is not known).</param>
/// <param name="Back">True when <paramref name="To"/> is a digest the tag had pointed at before.</param>
public sealed record TagMove(string From, string To, DateTimeOffset At, bool Back = false);

/// <summary>What a tag's digest history says: where it points now, how it moved, and the line that pins it.</summary>
public static class BaseDrift
{
    /// <summary>The digest the tag was most recently seen at, or null for an empty history.</summary>
    public static TagDigest? Current(IEnumerable<TagDigest> history) =>
        history.OrderByDescending(h => h.LastSeen).ThenByDescending(h => h.FirstSeen).FirstOrDefault();

    /// <summary>Every move the history shows, oldest first: one per digest after the first, in the order they
    /// appeared, and one more when the tag was last seen back at an older digest.</summary>
    public static IReadOnlyList<TagMove> Moves(IReadOnlyCollection<TagDigest> history)
    {
        var byAppearance = history.OrderBy(h => h.FirstSeen).ThenBy(h => h.Digest, StringComparer.Ordinal).ToList();
        var moves = new List<TagMove>();
        for (var i = 1; i < byAppearance.Count; i++)
            moves.Add(new TagMove(byAppearance[i - 1].Digest, byAppearance[i].Digest, byAppearance[i].FirstSeen));
        if (byAppearance.Count > 1 && Current(history) is { } current && current.Digest != byAppearance[^1].Digest)
            moves.Add(new TagMove(byAppearance[^1].Digest, current.Digest, byAppearance[^1].LastSeen, Back: true));
        return moves;
    }

    /// <summary>The ready-to-paste FROM line that pins <paramref name="reference"/> to <paramref name="digest"/>: the
    /// tag stays for the reader, the digest decides what is pulled.</summary>
    public static string Pinned(string reference, string digest)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        return $"FROM {(at < 0 ? reference : reference[..at])}@{digest}";
    }

    /// <summary>A digest as people compare them: the algorithm's first twelve hex digits.</summary>
    public static string Short(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hex = colon < 0 ? digest : digest[(colon + 1)..];
        return hex.Length <= 12 ? digest : hex[..12];
    }
}
