using System.Collections.Concurrent;
using BuildFarm.Shared.References;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Web.Features.Registry;

/// <summary>
/// How planning at submit finds a base image's digest: resolutions are reused for <see cref="RegistrySettings.CacheFor"/>
/// (tags move rarely, builds come in bursts), and registry trouble never throws: it degrades to the
/// last known digest (<see cref="DigestStatus.Stale"/>) or to <see cref="DigestStatus.Unknown"/>.
/// </summary>
public sealed class DigestResolver(RegistryClient registry, RegistrySettings settings, TimeProvider clock, ILogger<DigestResolver> log)
{
    private readonly ConcurrentDictionary<(string Reference, ImagePlatform Platform), Known> _known = new();

    /// <param name="fresh">Ask the registry even when a recent answer is cached: a release pins what the tag names
    /// now, not what it named minutes ago.</param>
    public async Task<DigestResolution> ResolveAsync(string reference, ImagePlatform? platform = null, CancellationToken ct = default,
        bool fresh = false)
    {
        platform = (platform ?? ImagePlatform.Default).Normalized();
        if (!ImageReference.TryParse(reference, out var parsed, out var problem))
        {
            var error = new RegistryError(RegistryErrorKind.InvalidReference, $"'{reference}' is not a valid image reference: {problem}");
            return new DigestResolution(reference, platform, DigestStatus.Failed, null, error);
        }

        var key = (parsed.ToString(), platform);
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(key, out var known) && !fresh && now - known.ResolvedAt < settings.CacheFor)
        {
            return new DigestResolution(key.Item1, platform, DigestStatus.Cached, known.Image, null);
        }

        var lookup = await registry.ResolveAsync(parsed, platform, ct);
        if (lookup.Image is { } image)
        {
            _known[key] = new Known(image, clock.GetUtcNow());
            return new DigestResolution(key.Item1, platform, DigestStatus.Resolved, image, null);
        }

        var failure = lookup.Error!;
        if (!failure.IsTransient)
        {
            return new DigestResolution(key.Item1, platform, DigestStatus.Failed, null, failure);
        }

        log.LogWarning("Registry trouble resolving {Reference}; using {Fallback}: {Reason}",
            key.Item1, known is null ? "no digest" : known.Image.Digest, failure.Message);
        return known is null
            ? new DigestResolution(key.Item1, platform, DigestStatus.Unknown, null, failure)
            : new DigestResolution(key.Item1, platform, DigestStatus.Stale, known.Image, failure);
    }

    /// <summary>Drops what is known of <paramref name="reference"/> (a normalized reference, as resolutions name it)
    /// on every platform, so the next resolution asks the registry: the base watch saw the tag move, and a submit
    /// within the cache window must not plan on the old digest.</summary>
    public void Forget(string reference)
    {
        foreach (var key in _known.Keys.Where(k => k.Reference == reference))
            _known.TryRemove(key, out _);
    }

    private sealed record Known(ImageResolution Image, DateTimeOffset ResolvedAt);
}
