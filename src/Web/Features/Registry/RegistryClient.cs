using BuildFarm.Shared.References;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Web.Features.Registry;

/// <summary>
/// Resolves image references to digests through the Registry HTTP API V2 / OCI distribution spec: HEAD the manifest
/// for its digest (Docker Hub's rate limit counts GETs on manifest URLs; its docs: "HEAD requests are not counted"),
/// then, unless that digest was resolved before, GET the index to pick the platform's manifest, and that manifest's
/// config blob for Env and Labels. Failures come back as a <see cref="RegistryError"/>; only the caller's own
/// cancellation throws.
/// </summary>
public sealed partial class RegistryClient(HttpClient http, RegistrySettings settings, TimeProvider clock, ILogger<RegistryClient> log)
{
    // An index may in principle list further indexes; real images nest at most once. The bound stops a registry
    // from leading the resolver round a cycle.
    private const int MaxIndexDepth = 3;

    private readonly RegistryAuthenticator _auth = new(http, settings, clock);
    private readonly ContentCache _content = new();

    /// <summary>How many tokens this client fetched from token services (its cache spares the rest).</summary>
    public int TokensFetched => _auth.TokensFetched;

    /// <summary>Parses <paramref name="reference"/> (Docker's familiar forms allowed) and resolves it.</summary>
    public Task<RegistryLookup> ResolveAsync(string reference, ImagePlatform? platform = null, CancellationToken ct = default) =>
        ImageReference.TryParse(reference, out var parsed, out var error)
            ? ResolveAsync(parsed, platform, ct)
            : Task.FromResult(RegistryLookup.Failed(new RegistryError(RegistryErrorKind.InvalidReference,
                $"'{reference}' is not a valid image reference: {error}")));

    /// <summary>Resolves a reference to its digest and <paramref name="platform"/>'s manifest (default linux/amd64).</summary>
    public async Task<RegistryLookup> ResolveAsync(ImageReference reference, ImagePlatform? platform = null, CancellationToken ct = default)
    {
        platform = (platform ?? ImagePlatform.Default).Normalized();
        var endpoint = RegistryEndpoint.For(reference, settings);
        var keys = endpoint.CredentialKeys(reference);
        var target = new Target(reference, endpoint, settings.CredentialsFor(keys), keys[0]);
        try
        {
            var image = await ResolveAsync(target, platform, ct);
            log.LogDebug("Resolved {Reference} for {Platform} to {Digest} (platform manifest {PlatformDigest})",
                reference, platform, image.Digest, image.PlatformDigest);
            return RegistryLookup.Found(image);
        }
        catch (RegistryFailure failure)
        {
            log.LogInformation("Could not resolve {Reference} for {Platform}: {Reason}", reference, platform, failure.Message);
            return RegistryLookup.Failed(failure.Error);
        }
    }

    private async Task<ImageResolution> ResolveAsync(Target target, ImagePlatform platform, CancellationToken ct)
    {
        // distribution's reference rules: a digest pins the content and wins over a tag written beside it.
        var pinned = target.Reference.Digest;
        var wanted = pinned ?? target.Reference.Tag ?? "latest";
        var head = await HeadManifestAsync(target, wanted, ct);
        if (pinned is not null && head.Digest is { } reported && reported != pinned)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"registry {target.Endpoint.Host} reported {reported} for {Display(target.Reference)}, which pins {pinned}");
        }

        if (head.Digest is not null && _content.TryGet(head.Digest, platform, out var known))
        {
            return known with { Reference = target.Reference };
        }

        // Docker-Content-Digest is optional in the OCI spec; without it the digest is the hash of the manifest itself.
        var top = head.Digest is null
            ? await GetManifestAsync(target, wanted, pinned, ct)
            : await GetManifestAsync(target, head.Digest, head.Digest, ct);
        var mediaType = top.MediaType ?? head.MediaType;
        var (manifest, manifestType) = await SelectPlatformAsync(target, top, mediaType, platform, 0, ct);

        var document = ContentReader.Parse<ManifestDocument>(manifest, "manifest");
        if (document.Config?.Digest is not { } configDigest)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"manifest {manifest.Digest} of {Display(target.Reference)} names no config blob");
        }

        var config = ContentReader.Parse<ConfigDocument>(await GetBlobAsync(target, configDigest, ct), "image config").ToSummary();
        if (ReferenceEquals(manifest, top) && config.Os is { } os && config.Architecture is { } arch
            && ImagePlatform.Normalize(os, arch, config.Variant) is var actual && !platform.Matches(actual))
        {
            throw RegistryFailure.Of(RegistryErrorKind.NoPlatformMatch,
                $"no {platform} image in {Display(target.Reference)}: it is a single-platform {actual} image");
        }

        var resolution = new ImageResolution(target.Reference, platform, top.Digest, mediaType ?? ManifestMediaTypes.OciManifest,
            manifest.Digest, manifestType ?? ManifestMediaTypes.OciManifest, config);
        _content.Add(resolution);
        return resolution;
    }

    /// <summary>Follows an index (or manifest list) down to the manifest for <paramref name="platform"/>.</summary>
    private async Task<(FetchedContent Manifest, string? MediaType)> SelectPlatformAsync(
        Target target, FetchedContent content, string? mediaType, ImagePlatform platform, int depth, CancellationToken ct)
    {
        var document = ContentReader.Parse<ManifestDocument>(content, "manifest");
        var type = mediaType ?? document.MediaType;
        if (!ManifestMediaTypes.IsIndex(type) && !(type is null && document.Manifests is not null))
        {
            return (content, type);
        }

        if (depth >= MaxIndexDepth)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"{Display(target.Reference)} nests indexes more than {MaxIndexDepth} deep");
        }

        // buildx stores attestation manifests in the index as platform "unknown/unknown": never a runnable image.
        var entries = (document.Manifests ?? [])
            .Select(m => (Entry: m, Platform: m.Platform?.ToPlatform()))
            .Where(e => e.Platform is not null && e.Platform.Os != "unknown" && e.Entry.Digest is not null)
            .ToList();
        var match = entries.FirstOrDefault(e => platform.Matches(e.Platform!));
        if (match.Entry is null)
        {
            var offered = entries.Count == 0 ? "it lists no platforms" : "it has " + string.Join(", ", entries.Select(e => e.Platform).Distinct());
            throw RegistryFailure.Of(RegistryErrorKind.NoPlatformMatch, $"no {platform} image in {Display(target.Reference)} ({offered})");
        }

        var child = await GetManifestAsync(target, match.Entry.Digest!, match.Entry.Digest, ct);
        return await SelectPlatformAsync(target, child, child.MediaType ?? match.Entry.MediaType, platform, depth + 1, ct);
    }

    /// <summary>How a reference is named in messages: Docker's short form, as users write it.</summary>
    internal static string Display(ImageReference r) =>
        r.FamiliarName + (r.Tag is null ? "" : ":" + r.Tag) + (r.Digest is null ? "" : "@" + r.Digest);

    private sealed record Target(ImageReference Reference, RegistryEndpoint Endpoint, RegistryCredentials? Credentials, string CredentialKey);
}
