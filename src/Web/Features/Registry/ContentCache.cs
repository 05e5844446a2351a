using System.Collections.Concurrent;

namespace BuildFarm.Web.Features.Registry;

/// <summary>
/// What a manifest digest resolved to for a platform. Digests address content, so an entry never goes stale: once
/// a tag's HEAD reports a digest seen before, the index, platform manifest and config need not be fetched again.
/// That is what makes the HEAD worth sending (Docker Hub's pull limit counts manifest GETs, not HEADs).
/// </summary>
internal sealed class ContentCache
{
    // Enough for every base image a farm uses many times over; past it the cache starts again rather than grow.
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<(string Digest, ImagePlatform Platform), ImageResolution> _entries = new();

    public bool TryGet(string digest, ImagePlatform platform, out ImageResolution resolution) =>
        _entries.TryGetValue((digest, platform), out resolution!);

    public void Add(ImageResolution resolution)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[(resolution.Digest, resolution.Platform)] = resolution;
    }
}
