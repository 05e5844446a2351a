using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class PlacerTests
{
    [Fact]
    public async Task Should_send_the_build_to_the_agents_own_queue_and_record_why()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));

        var id = await farm.QueueAsync();

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Equal("gpu-1", build.AgentId);
        Assert.Equal(1, build.Attempt);
        Assert.Contains("least loaded", build.PlacementReason);
        Assert.True(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == id && s.Context.DestinationAddress!.AbsolutePath.EndsWith("agent-gpu-1")));
        Assert.Contains(build.Events, e => e.Status == BuildStatus.Assigned && e.Message.Contains("gpu-1"));
    }

    [Fact]
    public async Task Should_not_hold_the_placement_lock_while_a_StartBuild_waits_on_the_broker()
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:MaxQueuedPerAgent"] = "0" });
        using var held = new HeldSends();
        using var observer = farm.Bus.Bus.ConnectSendObserver(held);
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var first = await farm.QueueAsync();
        await farm.WaitForAsync(first, b => b.Status == BuildStatus.Assigned, "assigned, its StartBuild held at the broker");
        var second = await farm.QueueAsync();

        // The first pass is still waiting on the broker; a pass for the second build (which has to wait for gpu-1's
        // only slot, so it sends nothing) must not wait behind it.
        await farm.Services.GetRequiredService<Placer>().PlaceQueuedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var waiting = await farm.BuildAsync(second);
        Assert.Equal(BuildStatus.Queued, waiting.Status);
        Assert.NotNull(waiting.WaitingReason);
        Assert.Equal(1, held.Held);
        held.Release();
        Assert.True(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == first));
        Assert.False(await farm.Bus.Published.Any<Fault>());
    }

    [Fact]
    public async Task Should_put_a_build_the_broker_would_not_take_back_in_the_queue_with_the_brokers_words()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        using var refused = new HeldSends { Refuse = true };
        using var observer = farm.Bus.Bus.ConnectSendObserver(refused);
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));

        var id = await farm.QueueAsync();

        var build = await farm.WaitForAsync(id, b => b.WaitingReason?.StartsWith("could not reach") == true, "back in the queue");
        Assert.Equal((BuildStatus.Queued, 0, null), (build.Status, build.Attempt, build.AgentId));
        Assert.Equal("could not reach gpu-1's queue: Broker unreachable: connection refused (127.0.0.1:5672)", build.WaitingReason);
        Assert.Contains(build.Events, e => e.Status == BuildStatus.Assigned);
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
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1", capacity: 1));

        var first = await farm.QueueAsync();
        await farm.WaitForAsync(first, b => b.Status == BuildStatus.Assigned, "assigned");
        var second = await farm.QueueAsync();

        var waiting = await farm.WaitForAsync(second, b => b.WaitingReason is not null, "explained");
        Assert.Equal(BuildStatus.Queued, waiting.Status);
        Assert.Contains("busy (1/1 builds)", waiting.WaitingReason);
    }
}
