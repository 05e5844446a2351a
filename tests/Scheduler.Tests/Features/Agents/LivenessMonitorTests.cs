using BuildFarm.Contracts;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class LivenessMonitorTests
{
    internal static async Task RegisterAsync(SchedulerHarness farm, string id, params Guid[] running)
    {
        var at = farm.Clock.GetUtcNow();
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent(id, 1, running), at, SchedulerHarness.JoinToken));
        Assert.True(await farm.ConsumedAsync<AgentRegistered>(m => m.Agent.Id == id && m.At == at));
        await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == id && a.LastHeartbeatAt == at));
    }

    static Task<string> StatusOfAsync(SchedulerHarness farm, string id) =>
        farm.WithDbAsync(async db => (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == id)).Status);

    [Fact]
    public async Task Should_mark_a_silent_agent_offline_and_move_its_build_to_another_agent()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "on gpu-1");

        await farm.PassAsync(TimeSpan.FromSeconds(20));
        await RegisterAsync(farm, "gpu-2");
        await farm.PassAsync(TimeSpan.FromSeconds(11));

        Assert.Equal(AgentStatus.Offline, await StatusOfAsync(farm, "gpu-1"));
        var build = await farm.WaitForAsync(id, b => b.AgentId == "gpu-2", "moved to gpu-2");
        Assert.Equal(2, build.Attempt);
        Assert.Contains(build.Events, e => e.Message.Contains(
            "gpu-1 went silent: no heartbeat received for 31 s while the scheduler could receive them"));
        await farm.AssertNoFaultsAsync();
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
            await farm.PassAsync(TimeSpan.FromSeconds(31));
        }

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        Assert.Contains("gave up after 3 attempts", build.Error);
        await farm.AssertNoFaultsAsync();
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
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent("gpu-1"), farm.Clock.GetUtcNow(), SchedulerHarness.JoinToken));

        // Requeued and, the agent being free again, placed on it as attempt 2.
        var build = await farm.WaitForAsync(id, b => b.Attempt == 2, "requeued");
        Assert.Contains(build.Events, e => e.Message.Contains("no longer has the build"));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_take_a_running_build_back_from_an_agent_an_admin_revoked_and_give_it_to_an_approved_one()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running");
        await RegisterAsync(farm, "gpu-2");

        await farm.WithDbAsync(db => db.Agents.Where(a => a.Id == "gpu-1")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Admission, AgentAdmission.Revoked)));
        await farm.PassAsync(TimeSpan.FromSeconds(1));

        var build = await farm.WaitForAsync(id, b => b.AgentId == "gpu-2" && b.Attempt == 2, "moved to gpu-2");
        Assert.Contains(build.Events, e => e.Message.Contains("was revoked by an admin"));
        Assert.True(await farm.Bus.Sent.Any<CancelBuild>(m => m.Context.Message.BuildId == id && m.Context.Message.Attempt == 1));
        await farm.AssertNoFaultsAsync();
    }
}
