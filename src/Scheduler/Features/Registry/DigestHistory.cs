namespace BuildFarm.Scheduler.Features.Registry;

/// <summary>A digest a reference was seen to point at, and when the farm first saw it there.</summary>
public sealed record DigestSighting(string Digest, DateTimeOffset FirstSeen);

/// <summary>A tag that now points at other content than when the farm last resolved it.</summary>
public sealed record TagMoved(string Reference, string OldDigest, string NewDigest);

/// <summary>
/// Per reference, the digests it has pointed at, newest first. Kept in memory: it starts empty with the process,
/// so the first resolution after a restart cannot report a move that happened while the scheduler was down.
/// </summary>
public sealed class DigestHistory
{
    // A tag moving more than this often is churn, not history worth keeping in memory.
    private const int MaxSightingsPerReference = 100;

    private readonly Dictionary<string, List<DigestSighting>> _sightings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Records that <paramref name="reference"/> points at <paramref name="digest"/>; says so when that is a move.</summary>
    public TagMoved? Record(string reference, string digest, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_sightings.TryGetValue(reference, out var list))
            {
                _sightings[reference] = list = [];
            }

            var previous = list.Count > 0 ? list[0].Digest : null;
            if (previous == digest)
            {
                return null;
            }

            // A tag moved back to an older digest is a move too: it gets a new sighting at the front.
            list.Insert(0, new DigestSighting(digest, at));
            if (list.Count > MaxSightingsPerReference)
            {
                list.RemoveAt(list.Count - 1);
            }

            return previous is null ? null : new TagMoved(reference, previous, digest);
        }
    }

    /// <summary>The digests <paramref name="reference"/> (normalized) has pointed at, newest first.</summary>
    public IReadOnlyList<DigestSighting> Of(string reference)
    {
        lock (_gate)
        {
            return _sightings.TryGetValue(reference, out var list) ? [.. list] : [];
        }
    }
}
