using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Agent.Docker;

/// <summary>One Docker engine: Docker.DotNet clients for every call the library can make, a plain HTTP client on the
/// library's own transport for the few it cannot, and the API version both sides know. Every way a call can fail comes
/// out as a <see cref="DockerEngineException"/> that names the engine.</summary>
public sealed class EngineConnection : IDisposable
{
    // Docker.DotNet sends no version unless told, and an engine then answers in its own newest one, whose shapes may
    // not be those we read. Capped, not pinned to Debian 20.10's 1.41: Docker 29 refuses everything below 1.44.
    public static readonly Version MaxApiVersion = new(1, 47);

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly Uri _endpoint;
    readonly DockerClient _unversioned;
    readonly SemaphoreSlim _negotiation = new(1, 1);
    Versioned? _versioned;

    /// <param name="host">A DOCKER_HOST style address: unix:///path/to/docker.sock or tcp://host:port.</param>
    /// <param name="requestTimeout">How long a request may wait for its answer; streams, waits and builds have none.</param>
    public EngineConnection(string host, TimeSpan? requestTimeout = null)
    {
        Host = host;
        RequestTimeout = requestTimeout ?? DefaultRequestTimeout;
        _endpoint = Endpoint(host);
        _unversioned = Build(null);
    }

    public string Host { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>The API version negotiated with the engine, once a versioned call has been made.</summary>
    public string? ApiVersion => _versioned?.Client.Options.ApiVersion?.ToString(2);

    /// <summary>A Docker.DotNet call at the negotiated API version.</summary>
    public async Task<T> CallAsync<T>(Func<DockerClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var client = (await VersionedAsync(ct)).Client;
        return await GuardAsync(() => call(client, ct), ct);
    }

    public Task CallAsync(Func<DockerClient, CancellationToken, Task> call, CancellationToken ct) =>
        CallAsync(async (client, t) =>
        {
            await call(client, t);
            return true;
        }, ct);

    /// <summary>A Docker.DotNet call with no version in its path, for <c>/version</c> and <c>/_ping</c>: how the version is
    /// negotiated in the first place, and how a starting engine is waited for.</summary>
    public Task<T> CallUnversionedAsync<T>(Func<DockerClient, CancellationToken, Task<T>> call, CancellationToken ct) =>
        GuardAsync(() => call(_unversioned, ct), ct);

    /// <summary>A request Docker.DotNet cannot make, at the negotiated API version, and its JSON answer.</summary>
    public async Task<T> RequestJsonAsync<T>(HttpMethod method, string pathAndQuery, TimeSpan timeout, CancellationToken ct)
    {
        var versioned = await VersionedAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        return await GuardAsync(async () =>
        {
            using var request = new HttpRequestMessage(method, $"v{versioned.Client.Options.ApiVersion}/{pathAndQuery}");
            using var response = await versioned.Raw.SendAsync(request, deadline.Token);
            if (!response.IsSuccessStatusCode)
                throw EngineFailure.Refused(Host, (int)response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token));
            return await response.Content.ReadFromJsonAsync<T>(Json, deadline.Token)
                   ?? throw new DockerEngineException($"Docker engine at {Host} sent an empty answer to {pathAndQuery}");
        }, ct, timeout);
    }

    /// <summary>Runs <paramref name="work"/>, a call or a read of what a call streams, turning what the transport or the
    /// engine throws into a <see cref="DockerEngineException"/>. Cancelling <paramref name="ct"/> stays a cancellation.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> work, CancellationToken ct, TimeSpan? timeout = null)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (EngineFailure.From(Host, e, ct, timeout ?? RequestTimeout) is { } failure)
        {
            throw failure;
        }
    }

    public void Dispose()
    {
        _unversioned.Dispose();
        _versioned?.Client.Dispose();
        _versioned?.Raw.Dispose();
        _negotiation.Dispose();
    }

    async Task<Versioned> VersionedAsync(CancellationToken ct)
    {
        if (_versioned is { } known)
            return known;
        await _negotiation.WaitAsync(ct);
        try
        {
            if (_versioned is null)
            {
                var server = await CallUnversionedAsync((client, t) => client.System.GetVersionAsync(t), ct);
                var version = Version.TryParse(server.APIVersion, out var v) && v < MaxApiVersion ? v : MaxApiVersion;
                var client = Build(version);
                _versioned = new Versioned(client, RawClient(client.Options));
            }
            return _versioned;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    DockerClient Build(Version? apiVersion) =>
        new DockerClientBuilder().WithEndpoint(_endpoint).WithApiVersion(apiVersion).WithTimeout(RequestTimeout).Build();

    // The transport Docker.DotNet picks for the scheme, so both clients reach the engine the same way.
    static HttpClient RawClient(ResolvedClientOptions options)
    {
        IDockerHandlerFactory transport = options.Endpoint.Scheme == "unix"
            ? global::Docker.DotNet.Unix.DockerHandlerFactory.Instance
            : global::Docker.DotNet.LegacyHttp.DockerHandlerFactory.Instance;
        var resolved = transport.CreateHandler(options, NullLogger.Instance);
        return new HttpClient(resolved.Handler) { BaseAddress = resolved.EffectiveEndpoint, Timeout = Timeout.InfiniteTimeSpan };
    }

    static Uri Endpoint(string host) =>
        (host.StartsWith("unix://", StringComparison.Ordinal) || host.StartsWith("tcp://", StringComparison.Ordinal))
        && Uri.TryCreate(host, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"Docker host '{host}' is not supported: use unix:///path/to/docker.sock or tcp://host:port", nameof(host));

    sealed record Versioned(DockerClient Client, HttpClient Raw);
}
