using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class BuildEventsTests
{
    static async Task<(SchedulerHarness Farm, Guid Id)> AssignedBuildAsync()
    {
        var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        return (farm, id);
    }

    static StepCompleted Step(Guid id, int attempt, int index, bool cached) => new(
        id, attempt, index, null, $"RUN step {index}", DateTimeOffset.Parse("2026-11-23T10:00:00Z"),
        DateTimeOffset.Parse("2026-11-23T10:00:02Z"), cached, null);

    [Fact]
    public async Task Should_record_a_redelivered_step_once()
    {
        var (farm, id) = await AssignedBuildAsync();
        await using var _ = farm;
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(Step(id, 1, 1, cached: true));
        await farm.Bus.Bus.Publish(Step(id, 1, 1, cached: true));

        var build = await farm.WaitForAsync(id, b => b.Steps.Count == 1 && b.Status == BuildStatus.Running, "running with a step");
        Assert.True(await farm.ConsumedAsync<StepCompleted>(m => m.Index == 1));
        var step = Assert.Single(build.Steps);
        Assert.True(step.Cached);
        Assert.Equal("cached", step.Status);
        Assert.Equal(2000, step.DurationMs);
    }

    [Fact]
    public async Task Should_ignore_events_from_an_abandoned_attempt()
    {
        var (farm, id) = await AssignedBuildAsync();
        await using var _ = farm;

        await farm.Bus.Bus.Publish(Step(id, attempt: 7, index: 1, cached: false));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 7, "gpu-9", BuildOutcome.Succeeded, "sha256:x", 1, 10, 0, 1, null, null, farm.Clock.GetUtcNow()));
        Assert.True(await farm.ConsumedAsync<BuildFinished>());
        Assert.True(await farm.ConsumedAsync<StepCompleted>());

        var build = await farm.BuildAsync(id);
        Assert.Equal(BuildStatus.Assigned, build.Status);
        Assert.Empty(build.Steps);
    }

    [Fact]
    public async Task Should_finish_with_the_engines_error_and_the_failing_step()
    {
        var (farm, id) = await AssignedBuildAsync();
        await using var _ = farm;
        const string error = "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3";

        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Failed, null, null, 1200, 0, 2, error, 2, farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        Assert.Equal(error, build.Error);
        Assert.Equal(2, build.FailedStep);
        Assert.Contains(build.Events, e => e.Status == BuildStatus.Failed && e.Message.Contains("exit code: 3"));
    }

    [Fact]
    public async Task Should_not_let_a_late_start_reopen_a_finished_build()
    {
        var (farm, id) = await AssignedBuildAsync();
        await using var _ = farm;
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:abc", 10, 500, 3, 3, null, null, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");

        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        Assert.True(await farm.ConsumedAsync<BuildStarted>());

        Assert.Equal(BuildStatus.Succeeded, (await farm.BuildAsync(id)).Status);
    }

    [Fact]
    public async Task Should_keep_step_completions_that_arrive_after_the_build_finished()
    {
        var (farm, id) = await AssignedBuildAsync();
        await using var _ = farm;
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 1, null, "RUN step 1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Steps.Count == 1, "with a running step");

        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:abc", 10, 500, 2, 2, null, null, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");
        await farm.Bus.Bus.Publish(Step(id, 1, 1, cached: true));
        await farm.Bus.Bus.Publish(Step(id, 1, 2, cached: true));

        var build = await farm.WaitForAsync(id, b => b.Steps.Count == 2 && b.Steps.All(s => s.Status == "cached"), "with cached steps");
        Assert.Equal(BuildStatus.Succeeded, build.Status);
    }
}
