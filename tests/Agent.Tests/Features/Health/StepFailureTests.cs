using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Health;

/// <summary>A step that fails in the Dockerfile is the user's failure: the engine still answers, so nothing is lost.</summary>
[Collection(EngineCollection.Name)]
public sealed class StepFailureTests(EngineFixture fixture) : IDisposable
{
    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Should_fail_the_build_and_stay_healthy_when_a_RUN_step_exits_1()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N} && exit 1\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, new Dictionary<string, string?> { ["Agent:HeartbeatSeconds"] = "3600" });
        await agent.PublishedAsync<AgentRegistered>();
        var job = new StartBuild(Guid.NewGuid(), 1,
            new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

        await agent.SendAsync(job);

        var finished = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);
        Assert.Equal((BuildOutcome.Failed, 1), (finished.Outcome, finished.FailedStep));
        Assert.Contains("exit code: 1", finished.Error);
        // Health changes beat at once; with the timer an hour apart, no beat means the engine was never marked lost.
        Assert.Empty(agent.Bus.Published.Select<AgentHeartbeat>());
        await agent.AssertNoFaultsAsync();
    }
}
