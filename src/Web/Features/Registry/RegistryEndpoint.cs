using BuildFarm.Shared.References;

namespace BuildFarm.Web.Features.Registry;

/// <summary>Where the Registry HTTP API V2 for one repository lives.</summary>
/// <param name="Host">The host (and port) requests go to.</param>
/// <param name="Repository">The repository name within the registry, e.g. "library/ubuntu".</param>
/// <param name="BaseUri">scheme://host/v2/.</param>
public sealed record RegistryEndpoint(string Host, string Repository, Uri BaseUri)
{
    // moby registry/config.go: "docker.io" is the canonical name of Docker Hub in references, but its API is served
    // from DefaultRegistryHost = "registry-1.docker.io" (and index.docker.io is the v1 index/auth name).
    public const string DockerHubName = "docker.io";
    public const string DockerHubApiHost = "registry-1.docker.io";

    public static RegistryEndpoint For(ImageReference reference, RegistrySettings settings)
    {
        var host = reference.Domain == DockerHubName ? DockerHubApiHost : reference.Domain;
        var scheme = settings.IsInsecure(reference.Domain) || settings.IsInsecure(host) ? "http" : "https";
        return new RegistryEndpoint(host, reference.Path, new Uri($"{scheme}://{host}/v2/"));
    }

    /// <summary>Names used to look credentials up: the reference's own domain first, then the API host.</summary>
    public string[] CredentialKeys(ImageReference reference) =>
        reference.Domain == Host ? [Host] : [reference.Domain, Host, "index.docker.io"];

    // Registry HTTP API V2 (distribution docs/spec/api.md): GET/HEAD /v2/<name>/manifests/<reference>, where
    // <reference> is a tag or a digest, and GET /v2/<name>/blobs/<digest>.
    public Uri Manifest(string tagOrDigest) => new(BaseUri, $"{Repository}/manifests/{tagOrDigest}");

    public Uri Blob(string digest) => new(BaseUri, $"{Repository}/blobs/{digest}");

    /// <summary>The token scope a pull needs (distribution docs/spec/auth/scope.md: repository:&lt;name&gt;:pull).</summary>
    public string PullScope => $"repository:{Repository}:pull";
}
