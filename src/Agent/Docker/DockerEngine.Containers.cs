using System.Text;
using System.Text.Json;

namespace BuildFarm.Agent.Docker;

public sealed partial class DockerEngine
{
    /// <summary><c>POST /containers/create</c>; returns the new container's id.</summary>
    public async Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        var request = await RequestAsync(HttpMethod.Post, "containers/create", ct);
        request.Content = new StringContent(spec.ToJson(), Encoding.UTF8, "application/json");
        using var response = await SendAsync(request, ct);
        return (await ReadJsonAsync<Created>(response, ct)).Id;
    }

    /// <summary><c>POST /containers/{id}/start</c>. A command the image cannot run fails here, with the runtime's
    /// text, e.g. <c>exec: "pythonx": executable file not found in $PATH</c>.</summary>
    public async Task StartContainerAsync(string id, CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Post, $"containers/{Uri.EscapeDataString(id)}/start", ct), ct);
    }

    /// <summary><c>POST /containers/{id}/wait</c>: blocks until the container stops and returns its exit code. No
    /// request timeout: the caller's token is the only deadline, as a check may run for many minutes.</summary>
    public async Task<int> WaitContainerAsync(string id, CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Post, $"containers/{Uri.EscapeDataString(id)}/wait", ct), ct,
            Timeout.InfiniteTimeSpan);
        var waited = await ReadJsonAsync<Waited>(response, ct);
        if (waited.Error?.Message is { Length: > 0 } error)
            throw new DockerEngineException(error);
        return (int)waited.StatusCode;
    }

    /// <summary><c>GET /containers/{id}/logs</c>: the last <paramref name="tail"/> lines of stdout and stderr, as the
    /// frames the engine sent them in (containers created here have no TTY).</summary>
    public async Task<IReadOnlyList<LogFrame>> GetContainerLogsAsync(string id, int tail, CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Get,
            $"containers/{Uri.EscapeDataString(id)}/logs?stdout=1&stderr=1&tail={tail}", ct), ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await MultiplexedLog.ReadAsync(body, ct);
    }

    /// <summary><c>POST /containers/{id}/kill</c> (SIGKILL); false when it was not running any more.</summary>
    public async Task<bool> KillContainerAsync(string id, CancellationToken ct = default)
    {
        try
        {
            using var response = await SendAsync(await RequestAsync(HttpMethod.Post, $"containers/{Uri.EscapeDataString(id)}/kill", ct), ct);
            return true;
        }
        catch (DockerEngineException e) when (e.StatusCode is 409 or 404)
        {
            return false;
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=1&amp;v=1</c>, killing it first if it runs and dropping its anonymous
    /// volumes; false when there was no such container.</summary>
    public async Task<bool> RemoveContainerAsync(string id, CancellationToken ct = default)
    {
        try
        {
            using var response = await SendAsync(await RequestAsync(HttpMethod.Delete, $"containers/{Uri.EscapeDataString(id)}?force=1&v=1", ct), ct);
            return true;
        }
        catch (DockerEngineException e) when (e.StatusCode is 404)
        {
            return false;
        }
    }

    /// <summary>Ids of every container, running or not, carrying the label <paramref name="label"/> (<c>key</c> or
    /// <c>key=value</c>), from <c>GET /containers/json?all=1</c>.</summary>
    public async Task<IReadOnlyList<string>> ListContainersAsync(string label, CancellationToken ct = default)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] });
        using var response = await SendAsync(await RequestAsync(HttpMethod.Get,
            $"containers/json?all=1&filters={Uri.EscapeDataString(filters)}", ct), ct);
        return (await ReadJsonAsync<List<Created>>(response, ct)).Select(c => c.Id).ToList();
    }

    sealed record Created(string Id);

    sealed record Waited(long StatusCode, WaitError? Error);

    sealed record WaitError(string? Message);
}
