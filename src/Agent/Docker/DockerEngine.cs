using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace BuildFarm.Agent.Docker;

/// <summary>A Docker Engine API client over a unix socket or TCP, speaking the newest API version both sides know.</summary>
public sealed partial class DockerEngine(string host) : IDisposable
{
    // Newest API version whose /build, /system/df, /info and /images shapes we rely on. Engines keep serving older
    // versions, but Docker 29 dropped everything below 1.44, so this must not stay at the 1.41 of Debian's engine.
    public static readonly Version MaxApiVersion = new(1, 47);

    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly HttpClient _http = DockerEndpoint.CreateClient(host);
    readonly SemaphoreSlim _negotiation = new(1, 1);
    string? _prefix;

    public string Host { get; } = host;

    /// <summary>The API version negotiated with the engine, once a request has been made.</summary>
    public string? ApiVersion => _prefix?.Trim('/').TrimStart('v');

    public async Task PingAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "_ping"), ct);
    }

    public async Task<EngineVersion> GetVersionAsync(CancellationToken ct = default)
    {
        // Unversioned on purpose: it is how the version is negotiated in the first place.
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "version"), ct);
        return await ReadJsonAsync<EngineVersion>(response, ct);
    }

    public async Task<EngineFacts> GetInfoAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Get, "info", ct), ct);
        return await ReadJsonAsync<EngineFacts>(response, ct);
    }

    /// <summary>Size in bytes of an image, by id or reference.</summary>
    public async Task<long> GetImageSizeAsync(string image, CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Get, $"images/{Uri.EscapeDataString(image)}/json", ct), ct);
        return (await ReadJsonAsync<ImageInspect>(response, ct)).Size;
    }

    /// <summary>Imports a root filesystem tar as an image (<c>POST /images/create?fromSrc=-</c>) and returns its id.</summary>
    public async Task<string> ImportImageAsync(Stream rootfsTar, string repository, string tag, CancellationToken ct = default)
    {
        var request = await RequestAsync(HttpMethod.Post,
            $"images/create?fromSrc=-&repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}", ct);
        request.Content = TarContent(rootfsTar);
        using var response = await SendAsync(request, ct, RequestTimeout * 10);
        string? imageId = null;
        await foreach (var message in ReadMessagesAsync(response, ct))
        {
            if (message.Error is not null)
                throw new DockerEngineException(message.ErrorDetail?.Message ?? message.Error);
            // The import answers {"status":"sha256:..."} once the image exists.
            if (message.Status?.StartsWith("sha256:", StringComparison.Ordinal) == true)
                imageId = message.Status;
        }
        return imageId ?? throw new DockerEngineException($"Docker engine at {Host} imported {repository}:{tag} without saying its id");
    }

    /// <summary>Asks BuildKit to stop the build started with <paramref name="buildId"/>; false when the engine does not know it.</summary>
    public async Task<bool> CancelBuildAsync(string buildId, CancellationToken ct = default)
    {
        try
        {
            using var response = await SendAsync(await RequestAsync(HttpMethod.Post, $"build/cancel?id={Uri.EscapeDataString(buildId)}", ct), ct);
            return true;
        }
        catch (DockerEngineException e) when (e.StatusCode is 404)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }

    async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken ct) =>
        new(method, await PrefixAsync(ct) + path);

    async Task<string> PrefixAsync(CancellationToken ct)
    {
        if (_prefix is { } known)
            return known;
        await _negotiation.WaitAsync(ct);
        try
        {
            if (_prefix is null)
            {
                var server = await GetVersionAsync(ct);
                var version = Version.TryParse(server.ApiVersion, out var v) && v < MaxApiVersion ? v : MaxApiVersion;
                _prefix = $"v{version.Major}.{version.Minor}/";
            }
            return _prefix;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, TimeSpan? timeout = null) =>
        SendAsync(() => request, ct, timeout ?? RequestTimeout);

    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct, TimeSpan? timeout = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout != Timeout.InfiniteTimeSpan)
            deadline.CancelAfter(timeout ?? RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request(), completion, deadline.Token);
        }
        catch (HttpRequestException e)
        {
            throw NotAnswering(e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DockerEngineException($"Docker engine at {Host} is not answering: no reply within {timeout ?? RequestTimeout}", inner: e);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw new DockerEngineException(await ErrorTextAsync(response, ct), (int)response.StatusCode);
    }

    DockerEngineException NotAnswering(HttpRequestException e)
    {
        var reason = FindSocketError(e)?.Message ?? e.Message;
        if (reason.Length > 0)
            reason = char.ToLowerInvariant(reason[0]) + reason[1..];
        return new DockerEngineException($"Docker engine at {Host} is not answering: {reason}", inner: e);
    }

    static SocketException? FindSocketError(Exception? e) =>
        e switch { null => null, SocketException s => s, _ => FindSocketError(e.InnerException) };

    async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonDocument.Parse(body).RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text)
                return text;
        }
        catch (JsonException)
        {
        }
        return $"Docker engine at {Host} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}";
    }

    static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new DockerEngineException("Docker engine sent an empty answer");

    sealed record ImageInspect(long Size);
}
