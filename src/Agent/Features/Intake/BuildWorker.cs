using System.Threading.Channels;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Features.Checks;
using BuildFarm.Agent.Features.Health;
using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Agent.Features.Push;
using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Intake;

/// <summary>Runs pending builds, as many at once as the agent's capacity, and reports each one's start and end, then
/// its cache.</summary>
public sealed class BuildWorker(
    BuildSlots slots, AttemptGate gate, EngineHealth health, BuildRunner runner, BuildPush pushes, CacheKeeper cache, EngineContainers containers, AgentIdentity identity, EventOutbox outbox, IOptions<AgentOptions> options,
    TimeProvider clock, ILogger<BuildWorker> log) : BackgroundService
{
    // A build's cache update (and the prune it may run, for minutes) happens after its slot is free, so the next build
    // need not wait for it; one loop takes them in the order builds ended, as CacheKeeper would one at a time anyway.
    readonly Channel<Ended> _ended = Channel.CreateUnbounded<Ended>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before any build of this run: whatever check container carries this agent's id now was left by an earlier run.
        await CheckRunner.RemoveLeftoversAsync(containers, identity.Id, log, stoppingToken);
        var cacheUpdates = UpdateCacheAsync();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Capacity)).Select(_ => RunSlotAsync(stoppingToken)));
        }
        finally
        {
            // Builds that ended before the stop still get their cache recorded and reported.
            _ended.Writer.Complete();
            await cacheUpdates;
        }
    }

    async Task RunSlotAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in slots.PendingAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            finally
            {
                slots.Release(job);
            }
        }
    }

    async Task RunAsync(BuildSlots.Job job, CancellationToken stoppingToken)
    {
        var start = job.Start;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancel.Token, stoppingToken);
        if (!await ConfirmAsync(job, linked.Token))
            return;
        // Refused, not queued: the scheduler placed it before it learnt the engine was lost, and Lost makes it run the
        // build elsewhere at once; holding it here would leave it waiting on an engine that may never come back.
        if (health.LostWith is { } lost)
        {
            log.LogWarning("Build {BuildId} attempt {Attempt} refused: the engine is down ({Error})", start.BuildId, start.Attempt, lost);
            outbox.Add(Refused(start, lost));
            return;
        }
        // Into the outbox, never straight to the broker: a build runs at the engine's pace through a broker outage.
        outbox.Add(new BuildStarted(start.BuildId, start.Attempt, identity.Id, clock.GetUtcNow()));
        log.LogInformation("Build {BuildId} attempt {Attempt} started", start.BuildId, start.Attempt);

        var sink = new OutboxSink(outbox);
        // A pushing build has its credentials before its first step prints anything, so the runner's events go out
        // through the session's scrubbing sink; one refused its credentials ends here without building.
        var push = await pushes.BeginAsync(start, identity.Id, sink, linked.Token);
        var finished = push.Ended ?? await pushes.FinishAsync(start, push,
            await runner.RunAsync(start, identity.Id, push.Sink, linked.Token, push.Scrubber), linked.Token);

        // Stopped because the agent itself is shutting down, not because anyone asked: say nothing, so the scheduler
        // sees the build missing from this agent and gives it to another one.
        if (stoppingToken.IsCancellationRequested && !job.Cancel.IsCancellationRequested)
        {
            log.LogWarning("Build {BuildId} interrupted by agent shutdown; leaving it to be requeued", start.BuildId);
            return;
        }
        if (finished.Outcome == BuildOutcome.Lost)
            health.MarkLost(finished.Error ?? "the engine was lost mid-build");
        outbox.Add(finished);
        log.LogInformation("Build {BuildId} attempt {Attempt} finished: {Outcome}", start.BuildId, start.Attempt, finished.Outcome);
        _ended.Writer.TryWrite(new Ended(start, finished, sink.Completed));
    }

    /// <summary>Whether the attempt may start: the scheduler says it is current and nobody cancelled it meanwhile. A
    /// dropped attempt publishes nothing, since anything it said would be about a build that is now someone else's.</summary>
    async Task<bool> ConfirmAsync(BuildSlots.Job job, CancellationToken ct)
    {
        var start = job.Start;
        AttemptChecked answer;
        try
        {
            answer = await gate.AskAsync(start, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.LogInformation("Build {BuildId} attempt {Attempt} cancelled while waiting; dropped without running", start.BuildId, start.Attempt);
            return false;
        }
        if (!answer.Current)
        {
            log.LogWarning("Build {BuildId} attempt {Attempt} is not current; dropped without running: {Reason}",
                start.BuildId, start.Attempt, answer.Reason ?? "no reason given");
            return false;
        }
        if (job.TryBegin())
            return true;
        log.LogInformation("Build {BuildId} attempt {Attempt} cancelled as it was confirmed; dropped without running", start.BuildId, start.Attempt);
        return false;
    }

    BuildFinished Refused(StartBuild start, string engineError) =>
        new(start.BuildId, start.Attempt, identity.Id, BuildOutcome.Lost, null, null, 0, 0, 0, $"{EngineDown}: {engineError}", null,
            clock.GetUtcNow());

    /// <summary>How a build refused on a lost engine is told from one lost mid-build.</summary>
    public const string EngineDown = "engine down";

    async Task UpdateCacheAsync()
    {
        await foreach (var (start, finished, steps) in _ended.Reader.ReadAllAsync())
        {
            try
            {
                outbox.Add(await cache.AfterBuildAsync(start, finished, steps));
            }
            catch (Exception e)
            {
                // The build's own result is out already; a lost cache report only leaves the scheduler's mirror behind
                // until the next one.
                log.LogWarning(e, "Could not update the cache inventory after build {BuildId}", start.BuildId);
            }
        }
    }

    sealed record Ended(StartBuild Start, BuildFinished Finished, IReadOnlyList<StepCompleted> Steps);

    sealed class OutboxSink(EventOutbox outbox) : IBuildEventSink
    {
        // BuildRunner awaits each event before the next, so the sink is never called concurrently.
        readonly List<StepCompleted> _completed = [];

        /// <summary>What the cache inventory learns from: each step's key and whether it was cached, ran or failed.</summary>
        public IReadOnlyList<StepCompleted> Completed => _completed;

        public Task StepStartedAsync(StepStarted e) => Queue(e);
        public Task StepLoggedAsync(StepLogged e) => Queue(e);

        public Task StepCompletedAsync(StepCompleted e)
        {
            _completed.Add(e);
            return Queue(e);
        }

        Task Queue(object e)
        {
            outbox.Add(e);
            return Task.CompletedTask;
        }
    }
}
