using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Agents;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class LostBuildTests
{
    const string EngineError = "error during connect: Post \"http://docker/build\": EOF";

    static BuildFinished Lost(Guid id, int attempt, DateTimeOffset at) =>
        new(id, attempt, "gpu-1", BuildOutcome.Lost, null, null, 3000, 0, 0, EngineError, null, at);

    [Fact]
    public async Task Should_run_a_build_lost_to_the_infrastructure_again_instead_of_failing_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");

        await farm.Bus.Bus.Publish(Lost(id, 1, farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2 && b.Status == BuildStatus.Assigned, "on attempt 2");
        var first = Assert.Single(build.Attempts, a => a.Number == 1);
        Assert.Equal((AttemptOutcome.Lost, $"lost to the infrastructure on gpu-1: {EngineError}"), (first.Outcome, first.Reason));
        Assert.DoesNotContain(build.Events, e => e.Status == BuildStatus.Failed);
        Assert.False(await farm.Bus.Sent.Any<CancelBuild>());
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_fail_a_build_lost_to_the_infrastructure_on_every_attempt_with_that_reason()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await farm.WaitForAsync(id, b => b.Attempt == attempt && b.Status == BuildStatus.Assigned, $"attempt {attempt}");
            await farm.Bus.Bus.Publish(Lost(id, attempt, farm.Clock.GetUtcNow()));
        }

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        Assert.Equal($"lost to the infrastructure on gpu-1: {EngineError}; gave up after 3 attempts", build.Error);
        Assert.All(build.Attempts, a => Assert.Equal(AttemptOutcome.Lost, a.Outcome));
        await farm.AssertNoFaultsAsync();
    }
}
