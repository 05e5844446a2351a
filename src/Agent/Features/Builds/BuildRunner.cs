using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Checks;
using BuildFarm.Agent.Features.Health;
using BuildFarm.Agent.Features.Push;
using BuildFarm.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Runs one build attempt end to end: git fetch, context tar, BuildKit build on the engine, step events as they
/// happen. Every way a build can end is an outcome, never an exception; an engine lost mid-build is
/// <see cref="BuildOutcome.Lost"/>, not the user's failure.</summary>
public sealed class BuildRunner(
    EngineSystem engine, EngineImages images, EngineContainers containers, BuildRunnerOptions options, TimeProvider clock, ILogger<BuildRunner>? logger = null,
    CheckoutCache? checkouts = null)
{
    readonly CheckoutCache _checkouts = checkouts ?? CheckoutCache.None;
    readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;
    readonly CheckRunner _checks = new(containers, clock, options.NetworkMode, logger);
    readonly ReleaseGate _release = new(images);

    /// <param name="scrubber">Masks a pushing build's passwords in what the runner logs itself; the caller masks the
    /// events (through <paramref name="sink"/>) and the result.</param>
    public async Task<BuildFinished> RunAsync(StartBuild job, string agentId, IBuildEventSink sink, CancellationToken ct,
        SecretScrubber? scrubber = null)
    {
        var begun = clock.GetTimestamp();
        var spec = job.Spec;
        var tracker = new StepTracker(job.BuildId, job.Attempt, options.LogInterval, keys: job.Keys);
        var workDir = Path.Combine(options.WorkRoot, $"{job.BuildId:N}-{job.Attempt}");
        var run = new Run(job, agentId, sink, tracker, begun, scrubber ?? SecretScrubber.None);
        try
        {
            DeleteWorkDir(workDir);
            var tarPath = Path.Combine(workDir, "context.tar");
            BuildContextInfo context;
            using (var source = await _checkouts.CheckOutAsync(spec.Repository, job.Commit ?? spec.Ref, Path.Combine(workDir, "src"), options.AllowLocalRepositories, ct))
            {
                _log.LogInformation("Build {BuildId} attempt {Attempt}: {Repository} {Ref} is commit {Commit}",
                    job.BuildId, job.Attempt, spec.Repository, spec.Ref, source.Commit);
                Directory.CreateDirectory(workDir);
                await using var tar = File.Create(tarPath);
                context = await BuildContext.WriteTarAsync(source.Path, spec.ContextPath, spec.DockerfilePath, tar, ct, options.ContextLimits);
            }
            return await BuildAsync(run, tarPath, context, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Finished(run, BuildOutcome.Cancelled, null);
        }
        catch (Exception e)
        {
            _log.LogWarning("Build {BuildId} attempt {Attempt} failed before it reached the engine: {Error}", job.BuildId, job.Attempt, run.Scrubber.Scrub(e.Message));
            return Finished(run, BuildOutcome.Failed, e.Message);
        }
        finally
        {
            DeleteWorkDir(workDir);
        }
    }

    async Task<BuildFinished> BuildAsync(Run run, string tarPath, BuildContextInfo context, CancellationToken ct)
    {
        var spec = run.Job.Spec;
        var pins = run.Job.Pins ?? [];
        // A release never trusts the cache or a base already on the engine, whatever the spec's own flags say.
        var parameters = new BuildParameters(context.Dockerfile, spec.Tags, spec.Target, spec.BuildArgs, spec.NoCache || spec.Release,
            spec.Pull || spec.Release, options.NetworkMode, ReleaseGate.Labels(pins));
        if (pins.Count > 0 && await _release.MovedAsync(pins, ReleaseGate.Before, ct) is { } movedBefore)
        {
            _log.LogWarning("Build {BuildId} attempt {Attempt} refused: {Error}", run.Job.BuildId, run.Job.Attempt, movedBefore);
            return Finished(run, BuildOutcome.Failed, movedBefore);
        }
        string? imageId = null, error = null;
        var transportBroke = false;
        try
        {
            await using var tar = File.OpenRead(tarPath);
            // Cancelling drops the connection, which is what stops the build: the engine cancels BuildKit's solve with it.
            await using var messages = images.BuildAsync(tar, parameters, ct).GetAsyncEnumerator(ct);
            var next = messages.MoveNextAsync().AsTask();
            var quietCheck = options.LogInterval > TimeSpan.FromMilliseconds(100) ? options.LogInterval : TimeSpan.FromMilliseconds(100);
            while (true)
            {
                // While BuildKit is quiet, still send the log lines the interval held back.
                if (await Task.WhenAny(next, Task.Delay(quietCheck, clock)) != next)
                {
                    await PublishAsync(run, run.Tracker.FlushLogs(clock.GetUtcNow()));
                    continue;
                }
                if (!await next)
                    break;
                var message = messages.Current;
                if (BuildTrace.Status(message) is { } status)
                    await PublishAsync(run, run.Tracker.Observe(status, clock.GetUtcNow()));
                else if (BuildTrace.ImageId(message) is { } id)
                    imageId = id;
                else if (BuildTrace.Error(message) is { } text)
                    error = text;
                next = messages.MoveNextAsync().AsTask();
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e.Message;
            transportBroke = EngineLoss.IsTransport(e);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The build was cancelled: the connection is gone, and the outcome says so below.
        }

        if (ct.IsCancellationRequested)
        {
            await PublishAsync(run, run.Tracker.Finish(clock.GetUtcNow(), "cancelled"));
            return Finished(run, BuildOutcome.Cancelled, null);
        }
        if (error is not null || imageId is null)
        {
            // A failing step is the user's; but a build that ended oddly on an engine that no longer answers was the
            // engine's doing, whatever the last message said.
            var lost = transportBroke ? error : await EngineWatch.AnswersAsync(engine, TimeSpan.FromSeconds(5), CancellationToken.None);
            var reason = lost ?? error ?? "the engine ended the build without naming an image";
            await PublishAsync(run, run.Tracker.Finish(clock.GetUtcNow(), lost ?? error ?? "the engine ended the build before this step finished"));
            if (lost is not null)
                _log.LogWarning("Build {BuildId} attempt {Attempt} lost its engine: {Error}", run.Job.BuildId, run.Job.Attempt, run.Scrubber.Scrub(lost));
            return Finished(run, lost is null ? BuildOutcome.Failed : BuildOutcome.Lost, reason);
        }
        await PublishAsync(run, run.Tracker.Finish(clock.GetUtcNow(), "the engine ended the build before this step finished"));
        if (pins.Count > 0 && await _release.MovedAsync(pins, ReleaseGate.After, ct) is { } movedAfter)
        {
            _log.LogWarning("Build {BuildId} attempt {Attempt} failed: {Error}", run.Job.BuildId, run.Job.Attempt, movedAfter);
            return Finished(run, BuildOutcome.Failed, movedAfter);
        }
        var size = await ImageSizeAsync(imageId);
        if (run.Job.Spec.Check is not { } check)
            return Finished(run, BuildOutcome.Succeeded, null, imageId, size);
        return await CheckAsync(run, check, imageId, size, ct);
    }

    async Task<BuildFinished> CheckAsync(Run run, BuildCheck check, string imageId, long? size, CancellationToken ct)
    {
        var result = await _checks.RunAsync(imageId, check, run.Job.BuildId, run.AgentId, ct);
        var failure = CheckVerdict.Failure(result);
        _log.LogInformation("Build {BuildId} check exited {ExitCode} after {DurationMs} ms: {Failure}",
            run.Job.BuildId, result.ExitCode, result.DurationMs, run.Scrubber.ScrubOrNull(failure) ?? "passed");
        // The image was built; FailedStep stays null because no Dockerfile step failed.
        return Finished(run, failure is null ? BuildOutcome.Succeeded : BuildOutcome.Failed, failure, imageId, size)
            with { FailedStep = null, Check = result };
    }

    async Task<long?> ImageSizeAsync(string imageId)
    {
        try
        {
            return await images.GetSizeAsync(imageId);
        }
        catch (DockerEngineException e)
        {
            _log.LogWarning("Built image {ImageId} but could not read its size: {Error}", imageId, e.Message);
            return null;
        }
    }

    async Task PublishAsync(Run run, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            try
            {
                await (e switch
                {
                    StepStarted started => run.Sink.StepStartedAsync(started),
                    StepLogged logged => run.Sink.StepLoggedAsync(logged),
                    StepCompleted completed => run.Sink.StepCompletedAsync(completed),
                    _ => Task.CompletedTask,
                });
            }
            catch (Exception ex)
            {
                // Progress is best effort: losing a step event must not lose the build, whose BuildFinished carries the result.
                _log.LogWarning(ex, "Could not publish {Event} of build {BuildId}", e.GetType().Name, run.Job.BuildId);
            }
        }
    }

    BuildFinished Finished(Run run, BuildOutcome outcome, string? error, string? imageId = null, long? imageSize = null) =>
        new(run.Job.BuildId, run.Job.Attempt, run.AgentId, outcome, imageId, imageSize,
            (long)clock.GetElapsedTime(run.Begun).TotalMilliseconds, run.Tracker.StepsCached, run.Tracker.StepsTotal, error,
            outcome == BuildOutcome.Failed ? run.Tracker.FailedStep : null, clock.GetUtcNow());

    void DeleteWorkDir(string workDir)
    {
        try
        {
            if (Directory.Exists(workDir))
                Directory.Delete(workDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not remove build folder {WorkDir}: {Error}", workDir, e.Message);
        }
    }

    sealed record Run(StartBuild Job, string AgentId, IBuildEventSink Sink, StepTracker Tracker, long Begun, SecretScrubber Scrubber);
}
