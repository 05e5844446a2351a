using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

/// <summary>An image as pushed: the manifest's digest, size and media type, and the platform its config declares.</summary>
public sealed record PushedImage(string Digest, long Size, string MediaType, ImagePlatform Platform, string ConfigDigest);

/// <summary>
/// Pushes test content with plain Registry API V2 calls (distribution docs/spec/api.md): a blob is a POST that opens
/// an upload session and a monolithic PUT of the bytes with ?digest=, a manifest is a PUT with its media type.
/// The registry checks that every blob and child manifest a manifest names exists, so content goes bottom up.
/// </summary>
public sealed class RegistryPusher(Uri baseUri, Func<string, AuthenticationHeaderValue?>? authorize = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> PushBlobAsync(string repository, byte[] content)
    {
        var digest = Sha256(content);
        using var open = await SendAsync(repository, HttpMethod.Post, new Uri(baseUri, $"{repository}/blobs/uploads/"), null);
        await ExpectAsync(open, HttpStatusCode.Accepted, "open a blob upload");
        var location = new Uri(baseUri, open.Headers.Location!);
        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new ByteArrayContent(content);
        put.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await SendAsync(repository, HttpMethod.Put, new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest)}"), put);
        await ExpectAsync(done, HttpStatusCode.Created, "finish a blob upload");
        return digest;
    }

    public async Task<string> PushManifestAsync(string repository, string tagOrDigest, string mediaType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(repository, HttpMethod.Put, new Uri(baseUri, $"{repository}/manifests/{tagOrDigest}"), content);
        await ExpectAsync(response, HttpStatusCode.Created, $"put manifest {repository}:{tagOrDigest}");
        var digest = Sha256(body);
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        return digest;
    }

    /// <summary>Pushes a one-layer image whose config declares <paramref name="platform"/>, env and labels.</summary>
    public async Task<PushedImage> PushImageAsync(
        string repository, string? tag, ImagePlatform platform, IEnumerable<string>? env = null,
        IReadOnlyDictionary<string, string>? labels = null, bool oci = true)
    {
        // A fresh layer each time, so pushing "the same" image again under a tag really moves the tag.
        var layer = RandomNumberGenerator.GetBytes(64);
        var layerDigest = await PushBlobAsync(repository, layer);
        var config = Json(Compact(new()
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["variant"] = platform.Variant,
            ["config"] = Compact(new()
            {
                ["Env"] = (env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]).ToArray(),
                ["Labels"] = labels,
            }),
            ["rootfs"] = new { type = "layers", diff_ids = new[] { Sha256(layer) } },
        }));
        var configDigest = await PushBlobAsync(repository, config);

        var mediaType = oci ? ManifestMediaTypes.OciManifest : ManifestMediaTypes.DockerManifest;
        var manifest = Json(new Dictionary<string, object?>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = Descriptor(oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json",
                configDigest, config.Length),
            ["layers"] = new[]
            {
                Descriptor(oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    layerDigest, layer.Length),
            },
        });
        var digest = await PushManifestAsync(repository, tag ?? Sha256(manifest), mediaType, manifest);
        return new PushedImage(digest, manifest.Length, mediaType, platform, configDigest);
    }

    /// <summary>Deletes a blob (the registry runs with storage.delete.enabled), so a later GET of it is a 404.</summary>
    public async Task DeleteBlobAsync(string repository, string digest)
    {
        using var response = await SendAsync(repository, HttpMethod.Delete, new Uri(baseUri, $"{repository}/blobs/{digest}"), null);
        await ExpectAsync(response, HttpStatusCode.Accepted, $"delete blob {digest}");
    }

    /// <summary>Pushes an OCI index (or Docker manifest list) of already pushed images under <paramref name="tag"/>.</summary>
    public Task<string> PushIndexAsync(string repository, string tag, IEnumerable<PushedImage> images, bool oci = true)
    {
        var mediaType = oci ? ManifestMediaTypes.OciIndex : ManifestMediaTypes.DockerManifestList;
        var index = Json(new Dictionary<string, object?>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = images.Select(i => new Dictionary<string, object?>
            {
                ["mediaType"] = i.MediaType,
                ["digest"] = i.Digest,
                ["size"] = i.Size,
                ["platform"] = Compact(new()
                {
                    ["architecture"] = i.Platform.Architecture,
                    ["os"] = i.Platform.Os,
                    ["variant"] = i.Platform.Variant,
                }),
            }).ToArray(),
        });
        return PushManifestAsync(repository, tag, mediaType, index);
    }

    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static Dictionary<string, object?> Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    // Absent rather than null, as real configs and indexes leave out what does not apply (a variant, labels).
    private static Dictionary<string, object?> Compact(Dictionary<string, object?> fields) =>
        fields.Where(f => f.Value is not null).ToDictionary();

    private async Task<HttpResponseMessage> SendAsync(string repository, HttpMethod method, Uri uri, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = authorize?.Invoke(repository);
        return await Http.SendAsync(request);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
