using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class HeartbeatHorizonTests
{
    static HeartbeatHorizon Horizon(SchedulerHarness farm) => farm.Services.GetRequiredService<HeartbeatHorizon>();

    static Task<Agent> AgentAsync(SchedulerHarness farm, string id) =>
        farm.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == id));

    static async Task<Guid> SeedAssignedAsync(SchedulerHarness farm, string agentId, DateTimeOffset lastHeartbeat)
    {
        var id = Guid.NewGuid();
        await farm.WithDbAsync(async db =>
        {
            db.Agents.Add(new Agent
            {
                Id = agentId, Name = agentId, Status = AgentStatus.Online, RegisteredAt = lastHeartbeat, LastHeartbeatAt = lastHeartbeat,
            });
            db.Builds.Add(new Build
            {
                Id = id, Repository = "https://git.example/r.git", Ref = "main", Status = BuildStatus.Assigned, AgentId = agentId,
                Attempt = 1, QueuedAt = lastHeartbeat, AssignedAt = lastHeartbeat, Dispatched = true,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    [Fact]
    public async Task Should_listen_from_when_the_heartbeat_endpoint_became_ready()
    {
        await using var farm = await SchedulerHarness.StartAsync();

        Assert.Equal(DateTimeOffset.Parse("2026-11-23T10:00:00Z"), Horizon(farm).ListeningSince);
    }

    [Fact]
    public async Task Should_not_mark_an_agent_offline_on_the_first_sweeps_after_start_though_its_last_heartbeat_is_old()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await SeedAssignedAsync(farm, "gpu-1", farm.Clock.GetUtcNow() - TimeSpan.FromMinutes(10));

        await farm.PassAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);
        Assert.Equal((BuildStatus.Assigned, 1), await farm.WithDbAsync(async db =>
        {
            var b = await db.Builds.AsNoTracking().SingleAsync(x => x.Id == id);
            return (b.Status, b.Attempt);
        }));
        await farm.PassAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatus.Offline, (await AgentAsync(farm, "gpu-1")).Status);
        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Queued, "requeued");
        Assert.Contains(build.Events, e => e.Message ==
            "Requeued: gpu-1 went silent: no heartbeat received for 31 s while the scheduler could receive them");
    }

    [Fact]
    public async Task Should_start_listening_again_after_the_sweep_loop_stalled()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        await farm.PassAsync(TimeSpan.FromSeconds(20));

        farm.Clock.Advance(TimeSpan.FromSeconds(40));
        await farm.Liveness.SweepAsync(CancellationToken.None);

        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);
        Assert.Equal(farm.Clock.GetUtcNow(), Horizon(farm).ListeningSince);
        await farm.PassAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.PassAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatus.Offline, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_judge_no_agent_while_the_heartbeat_endpoint_is_faulted_nor_before_agents_could_reconnect_after_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var horizon = Horizon(farm);

        await horizon.Faulted(new EndpointEvent());
        await farm.PassAsync(TimeSpan.FromSeconds(60));
        Assert.Null(horizon.ListeningSince);
        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);

        await horizon.Ready(new EndpointEvent());
        // The agent lost the broker too and may still be in its reconnect back-off: three beats are missed only after it.
        await farm.PassAsync(HeartbeatHorizon.ReconnectGrace + TimeSpan.FromSeconds(30));
        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.PassAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatus.Offline, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_count_silence_from_the_last_heartbeat_of_an_agent_heard_again_after_the_broker_came_back()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var horizon = Horizon(farm);
        await horizon.Faulted(new EndpointEvent());
        await farm.PassAsync(TimeSpan.FromSeconds(40));
        await horizon.Ready(new EndpointEvent());
        await farm.PassAsync(TimeSpan.FromSeconds(5));

        // Heard again: it has reconnected, so the grace for agents still reconnecting is not its to use.
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        await farm.PassAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AgentStatus.Online, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.PassAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(AgentStatus.Offline, (await AgentAsync(farm, "gpu-1")).Status);
        await farm.AssertNoFaultsAsync();
    }

    /// <summary>What the transport reports when the broker drops the heartbeat queue's consumer and when it is back.</summary>
    internal sealed class EndpointEvent : ReceiveEndpointFaulted, ReceiveEndpointReady
    {
        public Uri InputAddress { get; } = new("loopback://localhost/agent-heartbeat");
        public IReceiveEndpoint ReceiveEndpoint => throw new NotSupportedException();
        public Exception Exception { get; } = new InvalidOperationException("Connection to the broker was lost");
        public bool IsStarted => true;
    }
}
