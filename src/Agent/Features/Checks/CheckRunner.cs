using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Agent.Features.Checks;

/// <summary>Runs a build's check in its freshly built image: create, start, wait (bounded by the check's timeout),
/// read the output tail, and always remove the container. A check that fails, cannot start or times out is a
/// <see cref="CheckResult"/>, never an exception; only cancelling <c>ct</c> throws, after the container is gone.</summary>
public sealed class CheckRunner(EngineContainers containers, TimeProvider clock, string? networkMode, ILogger? logger = null)
{
    /// <summary>Every check container carries <c>buildfarm.check=&lt;build id&gt;</c>, so leftovers can be found.</summary>
    public const string Label = "buildfarm.check";

    /// <summary>And <c>buildfarm.agent=&lt;agent id&gt;</c>: an agent sweeps only its own leftovers, even on an engine
    /// it shares.</summary>
    public const string AgentLabel = "buildfarm.agent";

    /// <summary>Exit code reported when the command never ran or never reported one.</summary>
    public const int NoExitCode = -1;

    const int TailLines = 50;
    // Removal must outlive a cancelled build, or a cancelled check would leave its container behind.
    static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    readonly ILogger _log = logger ?? NullLogger.Instance;

    public async Task<CheckResult> RunAsync(string image, BuildCheck check, Guid buildId, string agentId, CancellationToken ct)
    {
        var labels = new Dictionary<string, string> { [Label] = buildId.ToString(), [AgentLabel] = agentId };
        var spec = new ContainerSpec(image, check.Command, labels, networkMode, check.Gpus);
        string? id = null;
        var begun = clock.GetTimestamp();
        try
        {
            // Not cancelled midway: a create the engine carried out but whose answer a cancel cut off would leave a
            // container nobody knows the id of. It is bounded by its own timeout instead, and the cancel is honoured
            // right after, with the id known, so the finally below removes it.
            using (var createTimeout = new CancellationTokenSource(CleanupTimeout))
                id = await containers.CreateAsync(spec, createTimeout.Token);
            ct.ThrowIfCancellationRequested();
            begun = clock.GetTimestamp();
            try
            {
                await containers.StartAsync(id, ct);
            }
            catch (DockerEngineException e)
            {
                // The engine's text says why (no such executable, no GPU driver...): the user needs it verbatim.
                return Result(begun, NoExitCode, [], $"the check could not start: {e.Message}");
            }
            var (exitCode, error) = await WaitAsync(id, check.TimeoutSeconds, ct);
            var duration = clock.GetElapsedTime(begun);
            return Result(duration, exitCode, await TailAsync(id, ct), error);
        }
        catch (DockerEngineException e)
        {
            return Result(begun, NoExitCode, [], e.Message);
        }
        finally
        {
            if (id is not null)
                await RemoveAsync(id);
        }
    }

    async Task<(int ExitCode, string? Error)> WaitAsync(string id, int timeoutSeconds, CancellationToken ct)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        using var timeout = new CancellationTokenSource(limit, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return (await containers.WaitAsync(id, either.Token), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await containers.KillAsync(id, ct);
            // After SIGKILL the engine reports 137 at once; the short deadline only guards an engine that hangs.
            using var afterKill = CancellationTokenSource.CreateLinkedTokenSource(ct);
            afterKill.CancelAfter(CleanupTimeout);
            int exitCode;
            try
            {
                exitCode = await containers.WaitAsync(id, afterKill.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                exitCode = NoExitCode;
            }
            return (exitCode, $"check timed out after {Math.Max(1, timeoutSeconds)} s");
        }
    }

    /// <summary>
    /// Removes the check containers <paramref name="agentId"/> left behind: an agent killed mid-check never reached its
    /// cleanup, and a check that hangs would hold its GPUs until someone noticed. Called once at start, before any build
    /// runs, so every container found is a leftover. An engine that does not answer is logged, not fatal.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public static async Task<int> RemoveLeftoversAsync(EngineContainers containers, string agentId, ILogger log, CancellationToken ct)
    {
        try
        {
            var leftovers = await containers.ListAsync($"{AgentLabel}={agentId}", ct);
            var removed = 0;
            foreach (var id in leftovers)
                removed += await containers.RemoveAsync(id, ct) ? 1 : 0;
            if (removed > 0)
                log.LogWarning("Removed {Count} check containers an earlier run of this agent left behind", removed);
            return removed;
        }
        catch (DockerEngineException e)
        {
            log.LogWarning("Could not look for leftover check containers: {Error}", e.Message);
            return 0;
        }
    }

    async Task<IReadOnlyList<string>> TailAsync(string id, CancellationToken ct)
    {
        try
        {
            var tail = new LogTail(TailLines);
            foreach (var frame in await containers.GetLogsAsync(id, TailLines, ct))
                tail.Append(frame.Stream, frame.Payload);
            return tail.Snapshot();
        }
        catch (DockerEngineException e)
        {
            // The exit code is the verdict; losing the output must not lose it.
            _log.LogWarning("Could not read the output of check container {ContainerId}: {Error}", id, e.Message);
            return [];
        }
    }

    async Task RemoveAsync(string id)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CleanupTimeout);
            // force=1 kills it first when it still runs (a cancelled check).
            await containers.RemoveAsync(id, timeout.Token);
        }
        catch (Exception e) when (e is DockerEngineException or OperationCanceledException)
        {
            _log.LogWarning("Could not remove check container {ContainerId}: {Error}", id, e.Message);
        }
    }

    CheckResult Result(long begun, int exitCode, IReadOnlyList<string> tail, string? error) =>
        Result(clock.GetElapsedTime(begun), exitCode, tail, error);

    static CheckResult Result(TimeSpan duration, int exitCode, IReadOnlyList<string> tail, string? error) =>
        new(exitCode, (long)duration.TotalMilliseconds, tail, error);
}
