using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class JoinGateTests
{
    const string AdminToken = "bfj_made-by-an-admin";

    static Task<Data.Agent> AgentAsync(SchedulerHarness farm, string id) =>
        farm.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == id));

    static Task<int> AdmitAsync(SchedulerHarness farm, string id, string admission) =>
        farm.WithDbAsync(db => db.Agents.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Admission, admission)));

    static Task<int> MakeTokenAsync(SchedulerHarness farm, DateTimeOffset? revokedAt = null) => farm.WithDbAsync(db =>
    {
        db.JoinTokens.Add(new JoinToken
        {
            Id = Guid.NewGuid(), Name = "gpu hosts", Hash = JoinSecret.Hash(AdminToken), CreatedAt = farm.Clock.GetUtcNow(), RevokedAt = revokedAt,
        });
        return db.SaveChangesAsync();
    });

    /// <summary>Once placement has judged the build, sweeps for longer than a placement retry takes, then reads the
    /// build: nothing may have come of it.</summary>
    static async Task<Build> StillQueuedAsync(SchedulerHarness farm, Guid id)
    {
        await farm.WaitForAsync(id, b => b.WaitingReason is not null, "judged by placement");
        await farm.PassAsync(TimeSpan.FromSeconds(15));
        var build = await farm.BuildAsync(id);
        Assert.Equal(BuildStatus.Queued, build.Status);
        Assert.Null(build.AgentId);
        return build;
    }

    [Fact]
    public async Task Should_keep_an_agent_without_a_join_token_pending_and_place_nothing_on_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();

        await farm.RegisterAsync(SchedulerHarness.Agent("stranger"), joinToken: null);
        var id = await farm.QueueAsync();

        var build = await StillQueuedAsync(farm, id);
        Assert.Equal(AgentAdmission.Pending, (await AgentAsync(farm, "stranger")).Admission);
        Assert.Contains("not approved", build.WaitingReason);
        Assert.False(await farm.Bus.Sent.Any<StartBuild>());
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_place_on_a_pending_agent_once_an_admin_approves_it_without_a_restart()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("stranger"), joinToken: "bfj_guessed");
        var id = await farm.QueueAsync();
        await StillQueuedAsync(farm, id);

        // What Web's approve writes; the scheduler reads it from the database on its next placement pass.
        Assert.Equal(1, await AdmitAsync(farm, "stranger", AgentAdmission.Approved));
        await farm.PassAsync(TimeSpan.FromSeconds(5));

        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "stranger", "assigned to the approved agent");
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_approve_an_agent_that_registers_with_a_join_token_an_admin_made()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await MakeTokenAsync(farm);

        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"), joinToken: AdminToken);
        var id = await farm.QueueAsync();

        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "assigned");
        Assert.Equal(AgentAdmission.Approved, (await AgentAsync(farm, "gpu-1")).Admission);
        Assert.NotNull(await farm.WithDbAsync(db => db.JoinTokens.Select(t => t.LastUsedAt).SingleAsync()));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_approve_an_agent_on_a_heartbeat_with_a_valid_token_when_its_registration_never_arrived()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var at = farm.Clock.GetUtcNow();

        // Published before the scheduler's queue existed, a registration is dropped by the broker: only heartbeats come.
        await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1"), at, SchedulerHarness.JoinToken));
        Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.At == at));
        var id = await farm.QueueAsync();

        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "assigned");
        Assert.Equal(AgentAdmission.Approved, (await AgentAsync(farm, "gpu-1")).Admission);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_keep_an_agent_pending_when_its_join_token_was_revoked()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await MakeTokenAsync(farm, revokedAt: farm.Clock.GetUtcNow());

        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"), joinToken: AdminToken);
        var id = await farm.QueueAsync();

        await StillQueuedAsync(farm, id);
        Assert.Equal(AgentAdmission.Pending, (await AgentAsync(farm, "gpu-1")).Admission);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_not_let_a_valid_join_token_undo_an_admins_revocation()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        await AdmitAsync(farm, "gpu-1", AgentAdmission.Revoked);

        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = farm.Clock.GetUtcNow();
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent("gpu-1"), again, SchedulerHarness.JoinToken));
        Assert.True(await farm.ConsumedAsync<AgentRegistered>(m => m.At == again));
        var id = await farm.QueueAsync();

        await StillQueuedAsync(farm, id);
        Assert.Equal(AgentAdmission.Revoked, (await AgentAsync(farm, "gpu-1")).Admission);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_let_a_draining_agent_finish_its_build_and_place_nothing_new_on_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var first = await farm.QueueAsync();
        await farm.WaitForAsync(first, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(first, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(first, b => b.Status == BuildStatus.Running, "running");

        await AdmitAsync(farm, "gpu-1", AgentAdmission.Draining);
        var second = await farm.QueueAsync();
        await farm.Bus.Bus.Publish(new BuildFinished(first, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:aa", 10, 5_000, 0, 1, null, null,
            farm.Clock.GetUtcNow()));

        var finished = await farm.WaitForAsync(first, b => BuildStatus.IsFinal(b.Status), "finished");
        Assert.Equal(BuildStatus.Succeeded, finished.Status);
        var waiting = await StillQueuedAsync(farm, second);
        Assert.Contains("draining", waiting.WaitingReason);
        await farm.AssertNoFaultsAsync();
    }
}
