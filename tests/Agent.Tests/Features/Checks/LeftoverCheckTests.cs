using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Checks;
using BuildFarm.Agent.Tests.Engines;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Agent.Tests.Features.Checks;

/// <summary>An agent killed mid-check leaves its container; the next start of that agent removes it, and only its own.</summary>
[Collection(EngineCollection.Name)]
public sealed class LeftoverCheckTests(EngineFixture fixture)
{
    async Task<string> LeftBehindAsync(string agentId, bool running)
    {
        var labels = new Dictionary<string, string> { [CheckRunner.Label] = Guid.NewGuid().ToString(), [CheckRunner.AgentLabel] = agentId };
        var id = await fixture.Engine.Containers.CreateAsync(new ContainerSpec(BusyboxBase.Reference, ["sleep", "600"], labels, "none", false));
        if (running)
            await fixture.Engine.Containers.StartAsync(id);
        return id;
    }

    [Fact]
    public async Task Should_remove_the_check_containers_an_earlier_run_of_the_agent_left_running_or_not_and_no_one_elses()
    {
        var me = $"agent-{Guid.NewGuid():N}";
        var other = $"agent-{Guid.NewGuid():N}";
        await LeftBehindAsync(me, running: true);
        await LeftBehindAsync(me, running: false);
        var theirs = await LeftBehindAsync(other, running: true);

        var removed = await CheckRunner.RemoveLeftoversAsync(fixture.Engine.Containers, me, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Empty(await fixture.Engine.Containers.ListAsync($"{CheckRunner.AgentLabel}={me}"));
        Assert.Equal([theirs], await fixture.Engine.Containers.ListAsync($"{CheckRunner.AgentLabel}={other}"));
        await fixture.Engine.Containers.RemoveAsync(theirs);
    }

    [Fact]
    public async Task Should_carry_on_when_the_engine_does_not_answer()
    {
        using var down = new TestEngine($"unix:///tmp/{Guid.NewGuid():N}.sock");

        Assert.Equal(0, await CheckRunner.RemoveLeftoversAsync(down.Containers, "agent-x", NullLogger.Instance, CancellationToken.None));
    }
}
