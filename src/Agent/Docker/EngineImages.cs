using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet.Models;

namespace BuildFarm.Agent.Docker;

/// <summary>Images on one engine: BuildKit builds, sizes, and imports of a root filesystem.</summary>
public sealed class EngineImages(EngineConnection engine)
{
    /// <summary><c>POST /build</c> with BuildKit (<c>version=2</c>), yielding the engine's JSON lines as they arrive.
    /// Cancelling <paramref name="ct"/> drops the connection, and the engine then stops the build.</summary>
    public async IAsyncEnumerable<BuildMessage> BuildAsync(Stream contextTar, BuildParameters parameters,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        // The stream overload, obsolete in favour of the one that reports JSONMessage: that one reads "aux" as an object,
        // and BuildKit's moby.buildkit.trace aux is a base64 string, so it throws at the first progress line. Reading
        // the stream to its end is what waits for the build here.
#pragma warning disable CS0618
        await using var body = await engine.CallAsync(
            (client, t) => client.Images.BuildImageFromDockerfileAsync(contextTar, Query(parameters), t), ct);
#pragma warning restore CS0618
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await engine.GuardAsync(() => reader.ReadLineAsync(ct).AsTask(), ct) is { } line)
        {
            if (line.Length > 0)
                yield return BuildMessage.Parse(line);
        }
    }

    /// <summary>What a tag names in its registry now (<c>GET /distribution/{name}/json</c>): the digest a pull of it
    /// would fetch, asked through the engine so that its registry settings (mirrors, insecure registries, logins)
    /// are the ones BuildKit pulls with.</summary>
    public async Task<string> TagDigestAsync(string reference, CancellationToken ct = default) =>
        (await engine.CallAsync((client, t) => client.Distribution.InspectAsync(reference, t), ct)).Descriptor.Digest;

    /// <summary>Labels of an image, by id or reference.</summary>
    public async Task<IDictionary<string, string>> GetLabelsAsync(string image, CancellationToken ct = default) =>
        (await engine.CallAsync((client, t) => client.Images.InspectImageAsync(image, t), ct)).Config?.Labels ?? new Dictionary<string, string>();

    /// <summary>Size in bytes of an image, by id or reference.</summary>
    public async Task<long> GetSizeAsync(string image, CancellationToken ct = default) =>
        (await engine.CallAsync((client, t) => client.Images.InspectImageAsync(image, t), ct)).Size;

    /// <summary>Imports a root filesystem tar as an image (<c>POST /images/create?fromSrc=-</c>) and returns its id.</summary>
    public async Task<string> ImportAsync(Stream rootfsTar, string repository, string tag, CancellationToken ct = default)
    {
        var messages = new Collected();
        await engine.CallAsync((client, t) =>
            client.Images.CreateImageAsync(new ImagesCreateParameters { Repo = repository, Tag = tag }, rootfsTar, null, messages, t), ct);
        if (messages.All.FirstOrDefault(m => m.Error is not null)?.Error is { } error)
            throw new DockerEngineException(error.Message ?? $"Docker engine at {engine.Host} could not import {repository}:{tag}");
        // The import answers {"status":"sha256:..."} once the image exists.
        return messages.All.Select(m => m.Status).LastOrDefault(s => s?.StartsWith("sha256:", StringComparison.Ordinal) == true)
               ?? throw new DockerEngineException($"Docker engine at {engine.Host} imported {repository}:{tag} without saying its id");
    }

    static ImageBuildParameters Query(BuildParameters p) => new()
    {
        Version = "2",
        Dockerfile = p.Dockerfile,
        Tags = [.. p.Tags],
        Target = p.Target is { Length: > 0 } ? p.Target : null,
        BuildArgs = p.BuildArgs.Count > 0 ? new Dictionary<string, string>(p.BuildArgs) : null,
        NoCache = p.NoCache ? true : null,
        Pull = p.Pull ? "1" : null,
        NetworkMode = p.NetworkMode is { Length: > 0 } ? p.NetworkMode : null,
        Labels = p.Labels is { Count: > 0 } ? new Dictionary<string, string>(p.Labels) : null,
        Remove = true,
        ForceRemove = true,
    };

    // Progress<T> would hand the messages to the thread pool, after the call may have returned; these are kept as sent.
    sealed class Collected : IProgress<JSONMessage>
    {
        public List<JSONMessage> All { get; } = [];

        public void Report(JSONMessage value) => All.Add(value);
    }
}
