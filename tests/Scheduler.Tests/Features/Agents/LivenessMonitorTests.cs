using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class LivenessMonitorTests
{
    static LivenessMonitor Monitor(SchedulerHarness farm) =>
        farm.Services.GetServices<IHostedService>().OfType<LivenessMonitor>().Single();

    static async Task RegisterAsync(SchedulerHarness farm, string id)
    {
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent(id), farm.Clock.GetUtcNow()));
        Assert.True(await farm.Bus.Consumed.Any<AgentRegistered>(x => x.Context.Message.Agent.Id == id));
        await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == id));
    }

    [Fact]
    public async Task Should_mark_a_silent_agent_offline_and_move_its_build_to_another_agent()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "on gpu-1");

        farm.Clock.Advance(TimeSpan.FromSeconds(20));
        await RegisterAsync(farm, "gpu-2");
        farm.Clock.Advance(TimeSpan.FromSeconds(11));
        await Monitor(farm).SweepAsync(CancellationToken.None);

        Assert.Equal("offline", (await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == "gpu-1"))).Status);
        var build = await farm.WaitForAsync(id, b => b.AgentId == "gpu-2", "moved to gpu-2");
        Assert.Equal(2, build.Attempt);
        Assert.Contains(build.Events, e => e.Message.Contains("gpu-1 went offline (no heartbeat for 30 s)"));
    }

    [Fact]
    public async Task Should_fail_a_build_whose_agents_vanish_three_times()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await farm.QueueAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await RegisterAsync(farm, $"gpu-{attempt}");
            await farm.WaitForAsync(id, b => b.Attempt == attempt && b.Status == BuildStatus.Assigned, $"attempt {attempt}");
            farm.Clock.Advance(TimeSpan.FromSeconds(31));
            await Monitor(farm).SweepAsync(CancellationToken.None);
        }

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        Assert.Contains("gave up after 3 attempts", build.Error);
    }

    [Fact]
    public async Task Should_requeue_a_running_build_that_a_restarted_agent_no_longer_holds()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running");

        farm.Clock.Advance(TimeSpan.FromSeconds(5));
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent("gpu-1"), farm.Clock.GetUtcNow()));

        // Requeued and, the agent being free again, placed on it as attempt 2.
        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
    }
}
