using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class PlacerTests
{
    [Fact]
    public async Task Should_send_the_build_to_the_agents_own_queue_and_record_why()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent("gpu-1"), farm.Clock.GetUtcNow()));
        Assert.True(await farm.Bus.Consumed.Any<AgentRegistered>());

        var id = await farm.QueueAsync();

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Equal("gpu-1", build.AgentId);
        Assert.Equal(1, build.Attempt);
        Assert.Contains("least loaded", build.PlacementReason);
        Assert.True(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == id && s.Context.DestinationAddress!.AbsolutePath.EndsWith("agent-gpu-1")));
        Assert.Contains(build.Events, e => e.Status == BuildStatus.Assigned && e.Message.Contains("gpu-1"));
    }

    [Fact]
    public async Task Should_keep_a_build_queued_and_say_why_when_no_agent_can_take_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();

        var id = await farm.QueueAsync();

        var build = await farm.WaitForAsync(id, b => b.WaitingReason is not null, "explained");
        Assert.Equal(BuildStatus.Queued, build.Status);
        Assert.Equal("no agent has registered with the farm yet", build.WaitingReason);
    }

    [Fact]
    public async Task Should_not_give_a_busy_agent_a_second_build_beyond_its_capacity()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent("gpu-1", capacity: 1), farm.Clock.GetUtcNow()));
        Assert.True(await farm.Bus.Consumed.Any<AgentRegistered>());

        var first = await farm.QueueAsync();
        await farm.WaitForAsync(first, b => b.Status == BuildStatus.Assigned, "assigned");
        var second = await farm.QueueAsync();

        var waiting = await farm.WaitForAsync(second, b => b.WaitingReason is not null, "explained");
        Assert.Equal(BuildStatus.Queued, waiting.Status);
        Assert.Contains("busy (1/1 builds)", waiting.WaitingReason);
    }
}
