using System.Collections.Concurrent;
using BuildFarm.Shared.References;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Scheduler.Features.Registry;

/// <summary>
/// The scheduler's way to a base image's digest: resolutions are reused for <see cref="RegistrySettings.CacheFor"/>
/// (tags move rarely, builds come in bursts), every digest a reference points at is kept in
/// <see cref="DigestHistory"/> so a moved tag is reported, and registry trouble never throws: it degrades to the
/// last known digest (<see cref="DigestStatus.Stale"/>) or to <see cref="DigestStatus.Unknown"/>.
/// </summary>
public sealed class DigestResolver(RegistryClient registry, RegistrySettings settings, TimeProvider clock, ILogger<DigestResolver> log)
{
    private readonly ConcurrentDictionary<(string Reference, ImagePlatform Platform), Known> _known = new();

    public DigestHistory History { get; } = new();

    public async Task<DigestResolution> ResolveAsync(string reference, ImagePlatform? platform = null, CancellationToken ct = default)
    {
        platform = (platform ?? ImagePlatform.Default).Normalized();
        if (!ImageReference.TryParse(reference, out var parsed, out var problem))
        {
            var error = new RegistryError(RegistryErrorKind.InvalidReference, $"'{reference}' is not a valid image reference: {problem}");
            return new DigestResolution(reference, platform, DigestStatus.Failed, null, error, null, []);
        }

        var key = (parsed.ToString(), platform);
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(key, out var known) && now - known.ResolvedAt < settings.CacheFor)
        {
            return Result(key.Item1, platform, DigestStatus.Cached, known.Image, null, null);
        }

        var lookup = await registry.ResolveAsync(parsed, platform, ct);
        if (lookup.Image is { } image)
        {
            _known[key] = new Known(image, clock.GetUtcNow());
            var moved = History.Record(key.Item1, image.Digest, clock.GetUtcNow());
            if (moved is not null)
            {
                log.LogWarning("Tag {Reference} moved from {OldDigest} to {NewDigest}", moved.Reference, moved.OldDigest, moved.NewDigest);
            }

            return Result(key.Item1, platform, DigestStatus.Resolved, image, null, moved);
        }

        var failure = lookup.Error!;
        if (!failure.IsTransient)
        {
            return Result(key.Item1, platform, DigestStatus.Failed, null, failure, null);
        }

        log.LogWarning("Registry trouble resolving {Reference}; using {Fallback}: {Reason}",
            key.Item1, known is null ? "no digest" : known.Image.Digest, failure.Message);
        return known is null
            ? Result(key.Item1, platform, DigestStatus.Unknown, null, failure, null)
            : Result(key.Item1, platform, DigestStatus.Stale, known.Image, failure, null);
    }

    private DigestResolution Result(
        string reference, ImagePlatform platform, DigestStatus status, ImageResolution? image, RegistryError? error, TagMoved? moved) =>
        new(reference, platform, status, image, error, moved, History.Of(reference));

    private sealed record Known(ImageResolution Image, DateTimeOffset ResolvedAt);
}
