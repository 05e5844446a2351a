using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildFarm.Web.Features.Registry;

/// <summary>A manifest or blob as fetched: its digest, media type and bytes.</summary>
internal sealed record FetchedContent(string Digest, string? MediaType, byte[] Body);

/// <summary>
/// The fields of OCI image-spec image-index.md / manifest.md (and their Docker schema 2 twins, which share the
/// shape) that resolution reads: an index lists platform manifests, a manifest names its config blob.
/// </summary>
internal sealed record ManifestDocument(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("config")] ContentDescriptor? Config,
    [property: JsonPropertyName("manifests")] IReadOnlyList<ContentDescriptor>? Manifests);

internal sealed record ContentDescriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("platform")] PlatformDocument? Platform);

internal sealed record PlatformDocument(
    [property: JsonPropertyName("os")] string? Os,
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("variant")] string? Variant)
{
    public ImagePlatform? ToPlatform() =>
        string.IsNullOrEmpty(Os) || string.IsNullOrEmpty(Architecture) ? null : ImagePlatform.Normalize(Os, Architecture, Variant);
}

/// <summary>OCI image-spec config.md: top-level os/architecture/variant and the "config" object's Env and Labels.</summary>
internal sealed record ConfigDocument(
    [property: JsonPropertyName("os")] string? Os,
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("config")] ConfigBody? Config)
{
    public ImageConfigSummary ToSummary() => new(Os, Architecture, Variant, Config?.Env ?? [],
        Config?.Labels ?? new Dictionary<string, string>());
}

internal sealed record ConfigBody(
    [property: JsonPropertyName("Env")] List<string>? Env,
    [property: JsonPropertyName("Labels")] Dictionary<string, string>? Labels);

internal static class ContentReader
{
    public static T Parse<T>(FetchedContent content, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content.Body)
                ?? throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed, $"{what} {content.Digest} is empty");
        }
        catch (JsonException e)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed, $"{what} {content.Digest} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The sha256 digest of content, as go-digest writes it.</summary>
    public static string Sha256(byte[] body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// Content addressing is the registry's promise (OCI distribution spec: the client should verify the digest of
    /// what it pulls). A body whose sha256 differs from the digest it was fetched by is refused; other algorithms
    /// are rare enough to pass unchecked.
    /// </summary>
    public static void Verify(string expectedDigest, byte[] body, string what)
    {
        if (expectedDigest.StartsWith("sha256:", StringComparison.Ordinal) && Sha256(body) != expectedDigest)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"{what} fetched as {expectedDigest} hashes to {Sha256(body)}: the registry served other content");
        }
    }
}
