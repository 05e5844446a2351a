using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

/// <summary>What a finished step reads as on the build page when the build was cancelled or asked for no cache.</summary>
public class StepCompletedConsumerTests
{
    static async Task<(SchedulerHarness Farm, Guid Id)> RunningAsync(Action<BuildFarm.Data.Build>? shape = null)
    {
        var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync(shape);
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running");
        return (farm, id);
    }

    static StepCompleted Step(Guid id, int index, string instruction, bool cached, string? error = null) => new(
        id, 1, index, null, instruction, DateTimeOffset.Parse("2026-11-23T10:00:00Z"), DateTimeOffset.Parse("2026-11-23T10:00:02Z"), cached, error);

    [Fact]
    public async Task Should_record_a_step_killed_by_a_cancel_as_cancelled_not_failed_with_exit_code_137()
    {
        var (farm, id) = await RunningAsync();
        await using var _ = farm;
        await farm.WithDbAsync(async db =>
        {
            (await db.Builds.FindAsync(id))!.CancelRequested = true;
            return await db.SaveChangesAsync();
        });

        await farm.Bus.Bus.Publish(Step(id, 2, "RUN sleep 60", cached: false,
            error: "process \"/bin/sh -c sleep 60\" did not complete successfully: exit code: 137"));

        var build = await farm.WaitForAsync(id, b => b.Steps.Any(s => s.CompletedAt is not null), "the step ended");
        var step = Assert.Single(build.Steps);
        Assert.Equal((StepStatus.Cancelled, StepCompletedConsumer.CancelledStep), (step.Status, step.Error));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_keep_a_failure_a_failure_when_nobody_cancelled()
    {
        var (farm, id) = await RunningAsync();
        await using var _ = farm;

        await farm.Bus.Bus.Publish(Step(id, 2, "RUN exit 3", cached: false, error: "exit code: 3"));

        var build = await farm.WaitForAsync(id, b => b.Steps.Any(s => s.CompletedAt is not null), "the step ended");
        Assert.Equal((StepStatus.Failed, "exit code: 3"), (build.Steps[0].Status, build.Steps[0].Error));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_not_show_the_FROM_of_a_no_cache_build_as_cached()
    {
        var (farm, id) = await RunningAsync(b => b.NoCache = true);
        await using var _ = farm;

        await farm.Bus.Bus.Publish(Step(id, 0, "FROM localhost:5000/demo/cuda:12.1-runtime", cached: true));

        var build = await farm.WaitForAsync(id, b => b.Steps.Any(s => s.CompletedAt is not null), "the step ended");
        Assert.Equal((false, StepStatus.Done), (build.Steps[0].Cached, build.Steps[0].Status));
        await farm.AssertNoFaultsAsync();
    }
}
