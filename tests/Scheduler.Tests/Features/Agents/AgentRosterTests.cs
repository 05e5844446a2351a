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

    static async Task<Guid> RunningOnAsync(SchedulerHarness farm, string agentId)
    {
        await LivenessMonitorTests.RegisterAsync(farm, agentId);
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, agentId, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running");
        return id;
    }

    /// <summary>Heartbeats every 10 s, holding no build, each naming <paramref name="ended"/> if given; four of them
    /// outlast the grace for missing builds.</summary>
    static async Task BeatAsync(SchedulerHarness farm, string agentId, EndedAttempt? ended, int beats = 4)
    {
        for (var beat = 0; beat < beats; beat++)
        {
            await farm.PassAsync(TimeSpan.FromSeconds(10));
            var at = farm.Clock.GetUtcNow();
            await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent(agentId) with { EndedAttempts = ended is null ? null : [ended] }, at));
            Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.At == at));
        }
    }

    /// <summary>Heartbeats the agent sent every 10 s over a span of its own time, none listing a build, all read at
    /// once (the scheduler's clock does not move).</summary>
    static async Task BacklogAsync(SchedulerHarness farm, DateTimeOffset from, int count)
    {
        for (var i = 1; i <= count; i++)
            await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1"), from.AddSeconds(10 * i)));
        Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.At == from.AddSeconds(10 * count)));
    }

    [Fact]
    public async Task Should_not_take_a_build_from_an_agent_when_a_backlog_of_heartbeats_is_read_before_its_BuildFinished()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnAsync(farm, "gpu-1");
        var agentTime = farm.Clock.GetUtcNow();

        // What the scheduler reads after an outage: a minute of the agent's heartbeats at once (from an agent too old
        // to name the attempts it ended), the build finished, and its BuildFinished still behind them in another queue.
        await BacklogAsync(farm, agentTime, 6);
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:aa", 10, 45_000, 0, 1, null, null, agentTime.AddSeconds(45)));

        var build = await farm.WaitForAsync(id, b => BuildStatus.IsFinal(b.Status), "finished");
        Assert.Equal((BuildStatus.Succeeded, 1), (build.Status, build.Attempt));
        Assert.DoesNotContain(build.Events, e => e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_leave_a_build_on_its_agent_while_the_agent_reports_the_attempt_ended_and_its_result_is_on_the_way()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnAsync(farm, "gpu-1");

        await BeatAsync(farm, "gpu-1", new EndedAttempt(id, 1));
        var waiting = await farm.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:1", 10, 1000, 0, 1, null, null,
            farm.Clock.GetUtcNow()));

        Assert.Equal((BuildStatus.Running, 1), (waiting.Status, waiting.Attempt));
        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");
        Assert.Equal(1, build.Attempt);
        Assert.DoesNotContain(build.Events, e => e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_requeue_a_build_its_agent_stops_listing_for_longer_than_the_grace_the_scheduler_waited()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnAsync(farm, "gpu-1");

        // Heartbeats over more than the grace (two heartbeats) of the scheduler's own time: really gone.
        await BeatAsync(farm, "gpu-1", null, beats: 3);

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued and placed again");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_requeue_a_build_its_agent_no_longer_holds_when_the_attempt_it_reports_ended_is_another_one()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RunningOnAsync(farm, "gpu-1");

        await BeatAsync(farm, "gpu-1", new EndedAttempt(id, 7));

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_not_take_an_assigned_build_for_lost_before_its_agent_could_have_reconnected_to_its_queue()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "assigned");

        // Its heartbeats flow while its own queue, where the StartBuild waits, is not read yet.
        await BeatAsync(farm, "gpu-1", null, beats: 5);
        var waiting = await farm.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id));
        await BeatAsync(farm, "gpu-1", null, beats: 2);

        Assert.Equal((BuildStatus.Assigned, 1), (waiting.Status, waiting.Attempt));
        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued once the agent could have read its queue");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
        await farm.AssertNoFaultsAsync();
    }
}
