using BuildFarm.Shared.References;

namespace BuildFarm.Web.Features.Registry;

/// <summary>What a reference resolved to for one platform.</summary>
/// <param name="Reference">The normalized reference that was resolved.</param>
/// <param name="Platform">The platform that was asked for.</param>
/// <param name="Digest">What the tag points at right now (the index digest for multi-platform images): the value
/// whose change means the tag moved.</param>
/// <param name="MediaType">Media type of <paramref name="Digest"/>'s manifest.</param>
/// <param name="PlatformDigest">The platform's image manifest digest: BuildKit's FROM key. Equals
/// <paramref name="Digest"/> for single-platform images.</param>
/// <param name="PlatformMediaType">Media type of the platform's manifest.</param>
/// <param name="Config">The parts of the image config the farm reads.</param>
public sealed record ImageResolution(
    ImageReference Reference,
    ImagePlatform Platform,
    string Digest,
    string MediaType,
    string PlatformDigest,
    string PlatformMediaType,
    ImageConfigSummary Config)
{
    /// <summary>Digest of the index or manifest list, or null when the reference names a single image.</summary>
    public string? IndexDigest => ManifestMediaTypes.IsIndex(MediaType) ? Digest : null;

    /// <summary>The CUDA version the image was built for, or null; see <see cref="CudaVersionReader"/> for precedence.</summary>
    public Version? CudaVersion => CudaVersionReader.Read(Config, Reference)?.Version;

    /// <summary>Where <see cref="CudaVersion"/> was read: "env", "label" or "tag".</summary>
    public string? CudaVersionSource => CudaVersionReader.Read(Config, Reference)?.Source;
}

/// <summary>The image config fields (OCI image-spec config.md "config" object) placement needs.</summary>
public sealed record ImageConfigSummary(
    string? Os,
    string? Architecture,
    string? Variant,
    IReadOnlyList<string> Env,
    IReadOnlyDictionary<string, string> Labels)
{
    public static readonly ImageConfigSummary Empty = new(null, null, null, [], new Dictionary<string, string>());

    /// <summary>The value of an environment variable as the image sets it (last assignment wins, as in a shell).</summary>
    public string? EnvValue(string name) =>
        Env.LastOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}

/// <summary>The outcome of <see cref="RegistryClient.ResolveAsync(ImageReference, ImagePlatform?, CancellationToken)"/>:
/// exactly one of <see cref="Image"/> and <see cref="Error"/> is set.</summary>
public sealed record RegistryLookup(ImageResolution? Image, RegistryError? Error)
{
    public bool Succeeded => Image is not null;

    public static RegistryLookup Found(ImageResolution image) => new(image, null);

    public static RegistryLookup Failed(RegistryError error) => new(null, error);
}
