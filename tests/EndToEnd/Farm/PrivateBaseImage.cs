using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>
/// A copy of the test base image under a repository of one test's own in the shared registry, so the test can move
/// its tag without disturbing anyone else's builds. Layers are mounted from the original (no bytes copied); a move
/// pushes a config with a new label, which makes a new image and a new manifest digest under the same tag.
/// </summary>
public sealed class PrivateBaseImage
{
    const string ManifestType = "application/vnd.docker.distribution.manifest.v2+json";
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    readonly Uri _v2;
    readonly string _sourceRepository;
    readonly string _repository;
    readonly string _tag;
    JsonObject _manifest = null!;

    PrivateBaseImage(string registry, string sourceRepository, string repository, string tag)
    {
        _v2 = new Uri($"http://{registry}/v2/");
        _sourceRepository = sourceRepository;
        _repository = repository;
        _tag = tag;
        Reference = $"localhost:{new Uri($"http://{registry}").Port}/{repository}:{tag}";
    }

    /// <summary>The private tag as a Dockerfile names it.</summary>
    public string Reference { get; }

    /// <summary>Copies <paramref name="baseImage"/> ("localhost:5000/demo/cuda:12.1-runtime") to a fresh repository.</summary>
    public static async Task<PrivateBaseImage> CopyAsync(string registry, string baseImage, string name)
    {
        var slash = baseImage.IndexOf('/');
        var colon = baseImage.LastIndexOf(':');
        var image = new PrivateBaseImage(registry, baseImage[(slash + 1)..colon], $"{name}-{Guid.NewGuid():N}"[..32] + "/base", baseImage[(colon + 1)..]);
        using var response = await Send(HttpMethod.Get, new Uri(image._v2, $"{image._sourceRepository}/manifests/{image._tag}"));
        image._manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        foreach (var layer in image._manifest["layers"]!.AsArray())
            await image.MountAsync((string)layer!["digest"]!);
        await image.MountAsync((string)image._manifest["config"]!["digest"]!);
        await image.PutManifestAsync();
        return image;
    }

    /// <summary>Pushes the tag again as a new image (its config gains a label), as an upstream rebuild would.</summary>
    /// <returns>The tag's new digest.</returns>
    public async Task<string> MoveAsync()
    {
        var configDescriptor = _manifest["config"]!.AsObject();
        using var got = await Send(HttpMethod.Get, new Uri(_v2, $"{_repository}/blobs/{(string)configDescriptor["digest"]!}"));
        var config = JsonNode.Parse(await got.Content.ReadAsStringAsync())!.AsObject();
        var inner = config["config"] as JsonObject ?? (JsonObject)(config["config"] = new JsonObject());
        var labels = inner["Labels"] as JsonObject ?? (JsonObject)(inner["Labels"] = new JsonObject());
        labels["farm.test.rebuilt"] = Guid.NewGuid().ToString("N");
        var bytes = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
        configDescriptor["digest"] = await PushBlobAsync(bytes);
        configDescriptor["size"] = bytes.Length;
        return await PutManifestAsync();
    }

    /// <summary>The tag's digest as the registry reports it.</summary>
    public async Task<string> DigestAsync()
    {
        using var response = await Send(HttpMethod.Head, new Uri(_v2, $"{_repository}/manifests/{_tag}"));
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>Deletes every manifest the test pushed (the registry runs with storage.delete.enabled), so runs leave
    /// no tags behind; the blobs go with the registry's next garbage collection.</summary>
    public async Task DeleteAsync(params string[] digests)
    {
        foreach (var digest in digests.Distinct())
            (await Send(HttpMethod.Delete, new Uri(_v2, $"{_repository}/manifests/{digest}"))).Dispose();
    }

    async Task MountAsync(string digest)
    {
        using var response = await Send(HttpMethod.Post, new Uri(_v2, $"{_repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={_sourceRepository}"));
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"mounting {digest} from {_sourceRepository} answered {(int)response.StatusCode}");
    }

    async Task<string> PushBlobAsync(byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        using var open = await Send(HttpMethod.Post, new Uri(_v2, $"{_repository}/blobs/uploads/"));
        var location = new Uri(_v2, open.Headers.Location!);
        var separator = location.Query.Length > 0 ? "&" : "?";
        using var put = await Send(HttpMethod.Put, new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest)}"),
            new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        return digest;
    }

    async Task<string> PutManifestAsync()
    {
        var content = new StringContent(_manifest.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var response = await Send(HttpMethod.Put, new Uri(_v2, $"{_repository}/manifests/{_tag}"), content);
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    static async Task<HttpResponseMessage> Send(HttpMethod method, Uri uri, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestType));
        var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
