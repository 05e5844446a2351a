using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Intake;

/// <summary>Runs pending builds, as many at once as the agent's capacity, and reports each one's start and end.</summary>
public sealed class BuildWorker(
    BuildSlots slots, BuildRunner runner, AgentIdentity identity, IBus bus, IOptions<AgentOptions> options,
    TimeProvider clock, ILogger<BuildWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Capacity)).Select(_ => RunSlotAsync(stoppingToken)));

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
        job.Running = true;
        await bus.Publish(new BuildStarted(start.BuildId, start.Attempt, identity.Id, clock.GetUtcNow()), CancellationToken.None);
        log.LogInformation("Build {BuildId} attempt {Attempt} started", start.BuildId, start.Attempt);

        var finished = await runner.RunAsync(start, identity.Id, new BusEventSink(bus), linked.Token);

        // Stopped because the agent itself is shutting down, not because anyone asked: say nothing, so the scheduler
        // sees the build missing from this agent and gives it to another one.
        if (stoppingToken.IsCancellationRequested && !job.Cancel.IsCancellationRequested)
        {
            log.LogWarning("Build {BuildId} interrupted by agent shutdown; leaving it to be requeued", start.BuildId);
            return;
        }
        await bus.Publish(finished, CancellationToken.None);
        log.LogInformation("Build {BuildId} attempt {Attempt} finished: {Outcome}", start.BuildId, start.Attempt, finished.Outcome);
    }

    sealed class BusEventSink(IBus bus) : IBuildEventSink
    {
        public Task StepStartedAsync(StepStarted e) => bus.Publish(e);
        public Task StepLoggedAsync(StepLogged e) => bus.Publish(e);
        public Task StepCompletedAsync(StepCompleted e) => bus.Publish(e);
    }
}
