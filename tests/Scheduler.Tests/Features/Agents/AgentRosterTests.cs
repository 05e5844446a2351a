using BuildFarm.Contracts;
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
}
