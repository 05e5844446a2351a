using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>
/// Pushes images to the test registry through its HTTP API, with no docker CLI: copies of an image under a private
/// name, each with one more small layer of its own, so the tag gets a new digest and new content, as when an upstream
/// tag such as <c>pytorch/pytorch:2.9-cuda12.1</c> is re-pushed. (A new config over the same layers is not enough:
/// BuildKit matches the following steps' cache by the layers, and would rightly reuse them.)
/// </summary>
public sealed class RegistryImages(string registry) : IDisposable
{
    const string ManifestType = "application/vnd.docker.distribution.manifest.v2+json";
    readonly HttpClient http = new() { BaseAddress = new Uri($"http://{registry}"), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Tags <paramref name="repository"/>:<paramref name="tag"/> as a copy of <paramref name="source"/>
    /// (a name in this registry, "demo/cuda:12.1-runtime") labelled <paramref name="variant"/>.</summary>
    /// <returns>The manifest digest the tag now points at.</returns>
    public async Task<string> PushVariantAsync(string source, string repository, string tag, string variant)
    {
        var (sourceRepository, sourceTag) = (source[..source.LastIndexOf(':')], source[(source.LastIndexOf(':') + 1)..]);
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/v2/{sourceRepository}/manifests/{sourceTag}");
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestType));
        using var response = await http.SendAsync(get);
        response.EnsureSuccessStatusCode();
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var config = JsonNode.Parse(await http.GetStringAsync($"/v2/{sourceRepository}/blobs/{manifest["config"]!["digest"]}"))!;
        var settings = config["config"] ??= new JsonObject();
        var labels = settings["Labels"] as JsonObject ?? new JsonObject();
        labels["buildfarm.test.variant"] = variant;
        settings["Labels"] = labels;
        foreach (var layer in manifest["layers"]!.AsArray())
            await MountAsync(repository, sourceRepository, layer!["digest"]!.GetValue<string>());
        var (tar, gzip) = VariantLayer(variant);
        var layerDigest = await UploadAsync(repository, gzip);
        manifest["layers"]!.AsArray().Add(new JsonObject
        {
            ["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip",
            ["size"] = gzip.Length,
            ["digest"] = layerDigest,
        });
        config["rootfs"]!["diff_ids"]!.AsArray().Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)));
        if (config["history"] is JsonArray history)
            history.Add(new JsonObject { ["created_by"] = $"buildfarm test variant {variant}" });
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = await UploadAsync(repository, configBytes);

        manifest["config"]!["digest"] = configDigest;
        manifest["config"]!["size"] = configBytes.Length;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{tag}")
        {
            Content = new StringContent(manifest.ToJsonString(), Encoding.UTF8),
        };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var pushed = await http.SendAsync(put);
        if (pushed.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"PUT manifest answered {(int)pushed.StatusCode}: {await pushed.Content.ReadAsStringAsync()}");
        return pushed.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>A layer holding one file, /etc/buildfarm-variant: the tar (its digest is the diff id) and its gzip.</summary>
    static (byte[] Tar, byte[] Gzip) VariantLayer(string variant)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "etc/buildfarm-variant")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(variant + "\n")),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }
        using var gzip = new MemoryStream();
        using (var compress = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
            compress.Write(tar.ToArray());
        return (tar.ToArray(), gzip.ToArray());
    }

    async Task<string> UploadAsync(string repository, byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        using var start = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        if (start.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"starting an upload answered {(int)start.StatusCode}");
        var location = start.Headers.Location!.ToString();
        var url = location + (location.Contains('?') ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await http.PutAsync(url, body);
        if (done.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"finishing an upload answered {(int)done.StatusCode}: {await done.Content.ReadAsStringAsync()}");
        return digest;
    }

    // A cross-repository mount links the layer instead of copying it; a registry that declines (202) gets a copy.
    async Task MountAsync(string repository, string from, string digest)
    {
        using var mount = await http.PostAsync($"/v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={from}", null);
        if (mount.StatusCode == HttpStatusCode.Created)
            return;
        await UploadAsync(repository, await http.GetByteArrayAsync($"/v2/{from}/blobs/{digest}"));
    }

    public void Dispose() => http.Dispose();
}
