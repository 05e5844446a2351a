using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Agents;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

/// <summary>An agent's events of the same attempt told twice, by a redelivery or by a second run of a StartBuild that
/// was delivered twice: the first account stands, and the second moves nothing.</summary>
public class DuplicateRunTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
    const string EngineError = "Docker engine at unix:///run/d.sock is not answering: the response ended prematurely";

    /// <summary>One run of attempt 1 on gpu-1, as the agent reports it: started, one step, finished.</summary>
    static object[] Run(Guid id, DateTimeOffset at, bool cached, string image) =>
    [
        new BuildStarted(id, 1, "gpu-1", at),
        new StepStarted(id, 1, 1, null, "RUN make", at),
        new StepCompleted(id, 1, 1, null, "RUN make", at, at.AddSeconds(cached ? 0.1 : 2), cached, null),
        new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, image, 10, cached ? 100 : 2500, cached ? 1 : 0, 1, null, null,
            at.AddSeconds(cached ? 0.2 : 2.5)),
    ];

    [Fact]
    public async Task Should_leave_a_finished_build_as_the_first_run_left_it_when_a_second_run_of_its_attempt_reports()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        foreach (var e in Run(id, T0, cached: false, "sha256:first"))
            await farm.Bus.Bus.Publish(e);
        var first = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded && b.Steps.Any(s => s.CompletedAt is not null), "succeeded");

        var second = T0.AddSeconds(30);
        foreach (var e in Run(id, second, cached: true, "sha256:second"))
            await farm.Bus.Bus.Publish(e);
        Assert.True(await farm.ConsumedAsync<BuildStarted>(m => m.StartedAt == second));
        Assert.True(await farm.ConsumedAsync<StepStarted>(m => m.StartedAt == second));
        Assert.True(await farm.ConsumedAsync<StepCompleted>(m => m.StartedAt == second));
        Assert.True(await farm.ConsumedAsync<BuildFinished>(m => m.ImageId == "sha256:second"));

        var build = await farm.BuildAsync(id);
        Assert.Equal((BuildStatus.Succeeded, 1, "sha256:first", first.FinishedAt, first.DurationMs),
            (build.Status, build.Attempt, build.ImageId, build.FinishedAt, build.DurationMs));
        var step = Assert.Single(build.Steps);
        Assert.Equal((false, StepStatus.Done, 2000L, T0), (step.Cached, step.Status, step.DurationMs, step.StartedAt));
        var attempt = Assert.Single(build.Attempts);
        Assert.Equal((AttemptOutcome.Succeeded, T0), (attempt.Outcome, attempt.StartedAt));
        Assert.Equal(first.Events.Count, build.Events.Count);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_record_a_loss_told_twice_once_and_leave_the_build_on_its_next_attempt()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-2");
        var lost = new BuildFinished(id, 1, "gpu-1", BuildOutcome.Lost, null, null, 3000, 0, 0, EngineError, null, farm.Clock.GetUtcNow());
        await farm.Bus.Bus.Publish(lost);
        var moved = await farm.WaitForAsync(id, b => b.Attempt == 2 && b.Status == BuildStatus.Assigned, "on attempt 2");

        await farm.Bus.Bus.Publish(lost);
        Assert.True(await farm.ConsumedAsync<BuildFinished>(2, m => m == lost));

        var build = await farm.BuildAsync(id);
        Assert.Equal((BuildStatus.Assigned, 2, "gpu-2"), (build.Status, build.Attempt, build.AgentId));
        var first = Assert.Single(build.Attempts, a => a.Number == 1);
        Assert.Equal((AttemptOutcome.Lost, $"lost to the infrastructure on gpu-1: {EngineError}"), (first.Outcome, first.Reason));
        Assert.Equal(moved.Events.Count, build.Events.Count);
        await farm.AssertNoFaultsAsync();
    }
}
