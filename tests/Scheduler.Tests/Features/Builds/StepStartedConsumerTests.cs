using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

/// <summary>What a step that has just started tells the build page.</summary>
public class StepStartedConsumerTests
{
    [Fact]
    public async Task Should_store_the_planned_key_of_a_running_step_so_the_page_can_match_it_to_its_planned_row()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        var key = new string('a', 64);

        // BuildKit's name for the step has the base image's ENV expanded; the plan's text does not.
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 2, null, "RUN make -C /opt/app", farm.Clock.GetUtcNow(), key));

        var build = await farm.WaitForAsync(id, b => b.Steps.Any(s => s.Status == StepStatus.Running), "a step running");
        Assert.Equal(key, Assert.Single(build.Steps).Key);
        await farm.AssertNoFaultsAsync();
    }
}
