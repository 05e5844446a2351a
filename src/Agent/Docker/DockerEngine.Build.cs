using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace BuildFarm.Agent.Docker;

public sealed partial class DockerEngine
{
    /// <summary>Runs <c>POST /build</c> with BuildKit (<c>version=2</c>) and yields the engine's JSON lines as they arrive.
    /// Cancelling <paramref name="ct"/> drops the connection; call <see cref="CancelBuildAsync"/> to stop the build itself.</summary>
    public async IAsyncEnumerable<BuildMessage> BuildAsync(Stream contextTar, BuildParameters parameters,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var path = await PrefixAsync(ct) + "build?" + BuildQuery(parameters);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = TarContent(contextTar) },
            ct, Timeout.InfiniteTimeSpan, HttpCompletionOption.ResponseHeadersRead);
        await foreach (var message in ReadMessagesAsync(response, ct))
            yield return message;
    }

    static string BuildQuery(BuildParameters p)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("version", "2"),
            new("dockerfile", p.Dockerfile),
            new("rm", "1"),
            new("forcerm", "1"),
        };
        query.AddRange(p.Tags.Select(tag => new KeyValuePair<string, string>("t", tag)));
        if (p.Target is { Length: > 0 })
            query.Add(new("target", p.Target));
        if (p.BuildArgs.Count > 0)
            query.Add(new("buildargs", JsonSerializer.Serialize(p.BuildArgs)));
        if (p.NoCache)
            query.Add(new("nocache", "1"));
        if (p.Pull)
            query.Add(new("pull", "1"));
        if (p.NetworkMode is { Length: > 0 })
            query.Add(new("networkmode", p.NetworkMode));
        if (p.BuildId is { Length: > 0 })
            query.Add(new("buildid", p.BuildId));
        return string.Join('&', query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
    }

    static StreamContent TarContent(Stream tar)
    {
        var content = new StreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    static async IAsyncEnumerable<BuildMessage> ReadMessagesAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
                yield return BuildMessage.Parse(line);
        }
    }
}
