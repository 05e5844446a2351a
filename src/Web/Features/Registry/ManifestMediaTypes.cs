namespace BuildFarm.Web.Features.Registry;

/// <summary>The manifest media types the farm asks registries for and how it reads them.</summary>
public static class ManifestMediaTypes
{
    // OCI image-spec media-types.md.
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    // Docker Image Manifest V2, Schema 2 (distribution docs/spec/manifest-v2-2.md).
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>
    /// Sent as Accept on every manifest HEAD/GET. distribution's registry/handlers/manifests.go answers a client that
    /// does not list a type with something else: a manifest list fetched by tag is rewritten to its default-platform
    /// image, and OCI manifests/indexes are refused with 404 MANIFEST_UNKNOWN ("OCI manifest found, but accept header
    /// does not support OCI manifests"), so the digest read would not be the one BuildKit pulls. Schema 1 is left
    /// out on purpose: it is deprecated and distribution 2.8 no longer serves it.
    /// </summary>
    public static readonly IReadOnlyList<string> Accepted = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;
}
