using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace BuildFarm.Agent.Docker;

/// <summary>One-shot containers on one engine, as checks use them: create, start, wait, read the output, kill, remove,
/// and find the ones a label marks.</summary>
public sealed class EngineContainers(EngineConnection engine)
{
    // The engine splits log lines at 16 KiB, so a frame fits.
    const int FrameBuffer = 64 * 1024;

    /// <summary><c>POST /containers/create</c>; returns the new container's id.</summary>
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct = default) =>
        (await engine.CallAsync((client, t) => client.Containers.CreateContainerAsync(spec.ToParameters(), t), ct)).ID;

    /// <summary><c>POST /containers/{id}/start</c>. A command the image cannot run fails here, with the runtime's text,
    /// e.g. <c>exec: "pythonx": executable file not found in $PATH</c>.</summary>
    public Task StartAsync(string id, CancellationToken ct = default) =>
        engine.CallAsync((client, t) => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), t), ct);

    /// <summary><c>POST /containers/{id}/wait</c>: blocks until the container stops and returns its exit code. No request
    /// timeout: the caller's token is the only deadline, as a check may run for many minutes.</summary>
    public async Task<int> WaitAsync(string id, CancellationToken ct = default)
    {
        var waited = await engine.CallAsync((client, t) => client.Containers.WaitContainerAsync(id, t), ct);
        if (waited.Error?.Message is { Length: > 0 } error)
            throw new DockerEngineException(error);
        return (int)waited.StatusCode;
    }

    /// <summary><c>GET /containers/{id}/logs</c>: the last <paramref name="tail"/> lines of stdout and stderr, frame by
    /// frame as the engine sent them.</summary>
    public async Task<IReadOnlyList<LogFrame>> GetLogsAsync(string id, int tail, CancellationToken ct = default)
    {
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.ToString(CultureInfo.InvariantCulture) };
        using var logs = await engine.CallAsync((client, t) => client.Containers.GetContainerLogsAsync(id, parameters, t), ct);
        var frames = new List<LogFrame>();
        var buffer = new byte[FrameBuffer];
        while (await engine.GuardAsync(() => logs.ReadOutputAsync(buffer, 0, buffer.Length, ct), ct) is { EOF: false } read)
            frames.Add(new LogFrame(read.Target == MultiplexedStream.TargetStream.StandardError ? LogFrame.Stderr : LogFrame.Stdout, buffer[..read.Count]));
        return frames;
    }

    /// <summary><c>POST /containers/{id}/kill</c> (SIGKILL); false when it was not running any more.</summary>
    public async Task<bool> KillAsync(string id, CancellationToken ct = default)
    {
        try
        {
            await engine.CallAsync((client, t) => client.Containers.KillContainerAsync(id, new ContainerKillParameters(), t), ct);
            return true;
        }
        catch (DockerEngineException e) when (e.StatusCode is 409 or 404)
        {
            return false;
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=1&amp;v=1</c>, killing it first if it runs and dropping its anonymous
    /// volumes; false when there was no such container.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken ct = default)
    {
        try
        {
            await engine.CallAsync((client, t) =>
                client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, t), ct);
            return true;
        }
        catch (DockerEngineException e) when (e.StatusCode is 404)
        {
            return false;
        }
    }

    /// <summary>Ids of every container, running or not, carrying the label <paramref name="label"/> (<c>key</c> or
    /// <c>key=value</c>).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string label, CancellationToken ct = default)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        };
        return (await engine.CallAsync((client, t) => client.Containers.ListContainersAsync(parameters, t), ct)).Select(c => c.ID).ToList();
    }
}
