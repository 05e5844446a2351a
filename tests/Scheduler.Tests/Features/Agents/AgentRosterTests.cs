using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class AgentRosterTests
{
    [Fact]
    public async Task Should_keep_the_engine_address_an_agent_registers_and_heartbeats_with()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var agent = SchedulerHarness.Agent("gpu-1") with { DockerHost = "unix:///run/bf/agent-1/d.sock" };

        await farm.RegisterAsync(agent);
        var registered = await farm.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == "gpu-1"));
        await farm.Bus.Bus.Publish(new AgentHeartbeat(agent with { DockerHost = "tcp://10.1.2.3:2375" }, farm.Clock.GetUtcNow()));
        Assert.True(await farm.ConsumedAsync<AgentHeartbeat>());
        var moved = await farm.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == "gpu-1"));

        Assert.Equal("unix:///run/bf/agent-1/d.sock", registered.DockerHost);
        Assert.Equal("tcp://10.1.2.3:2375", moved.DockerHost);
        await farm.AssertNoFaultsAsync();
    }

    /// <summary>A running build on gpu-1, whose heartbeats from now on no longer list it.</summary>
    static async Task<Guid> RunningOnGpu1Async(SchedulerHarness farm)
    {
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running");
        return id;
    }

    /// <summary>Heartbeats the agent sent every 10 s over a span of its own time, none listing a build.</summary>
    static async Task HeartbeatsAsync(SchedulerHarness farm, DateTimeOffset from, int count)
    {
        for (var i = 1; i <= count; i++)
            await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1"), from.AddSeconds(10 * i)));
        Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.At == from.AddSeconds(10 * count)));
    }

    [Fact]
    public async Task Should_not_take_a_build_from_an_agent_when_a_backlog_of_heartbeats_is_read_before_its_BuildFinished()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnGpu1Async(farm);
        var agentTime = farm.Clock.GetUtcNow();

        // What the scheduler reads after an outage: a minute of the agent's heartbeats at once, the build finished
        // (so none lists it), and its BuildFinished still behind them in another queue.
        await HeartbeatsAsync(farm, agentTime, 6);
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:aa", 10, 45_000, 0, 1, null, null, agentTime.AddSeconds(45)));

        var build = await farm.WaitForAsync(id, b => BuildStatus.IsFinal(b.Status), "finished");
        Assert.Equal((BuildStatus.Succeeded, 1), (build.Status, build.Attempt));
        Assert.DoesNotContain(build.Events, e => e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_requeue_a_build_its_agent_stops_listing_for_longer_than_the_grace_the_scheduler_waited()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnGpu1Async(farm);

        // Two heartbeats of the scheduler's own time apart by more than the grace (two heartbeats): really gone.
        for (var i = 0; i < 3; i++)
        {
            farm.Clock.Advance(TimeSpan.FromSeconds(11));
            await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1"), farm.Clock.GetUtcNow()));
            var at = farm.Clock.GetUtcNow();
            Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.At == at));
        }

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued and placed again");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
        await farm.AssertNoFaultsAsync();
    }
}
