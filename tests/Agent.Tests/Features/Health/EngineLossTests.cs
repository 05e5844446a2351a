using BuildFarm.Agent.Features.Intake;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Health;

/// <summary>An engine that dies mid-build loses the build (it is run elsewhere), not fails it; the agent says it is
/// unhealthy at once, takes no build until the engine answers, and says so when it does. On a dockerd of the test's own,
/// killed like a crash.</summary>
public sealed class EngineLossTests : IAsyncLifetime
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    readonly TempDir _data = new();
    readonly GitRepo _repo = new();
    PrivateDockerd _dockerd = null!;

    public async Task InitializeAsync()
    {
        _dockerd = await PrivateDockerd.StartAsync(TimeSpan.FromSeconds(60));
        using var engine = new TestEngine(_dockerd.Host);
        await BusyboxBase.ImportAsync(engine.Images);
    }

    public async Task DisposeAsync()
    {
        await _dockerd.DisposeAsync();
        _repo.Dispose();
        _data.Dispose();
    }

    StartBuild Job() => new(Guid.NewGuid(), 1,
        new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

    [Fact]
    public async Task Should_report_a_build_whose_engine_died_as_lost_and_recover_when_the_engine_answers_again()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N} && sleep 30\n").Commit();
        // A heartbeat an hour apart: any beat seen in this test was brought forward by a change of the engine's health.
        await using var agent = await AgentHarness.StartAsync(_dockerd.Host, _data.Path, new Dictionary<string, string?>
        {
            ["Agent:HeartbeatSeconds"] = "3600",
            ["Agent:EnginePing"] = "00:00:00.200",
        });
        await agent.PublishedAsync<AgentRegistered>(within: Deadline);
        var job = Job();
        await agent.SendAsync(job);
        await agent.PublishedAsync<StepStarted>(m => m.BuildId == job.BuildId && m.Instruction.Contains("sleep"), Deadline);

        await _dockerd.KillAsync();

        var lost = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId, Deadline);
        Assert.True(lost.Outcome == BuildOutcome.Lost, $"{lost.Outcome}: {lost.Error}");
        Assert.Contains(_dockerd.Host, lost.Error);
        Assert.Null(lost.FailedStep);
        var down = await agent.PublishedAsync<AgentHeartbeat>(m => m.Agent.DockerError is not null, Deadline);
        Assert.Equal(lost.Error, down.Agent.DockerError);

        var refused = Job();
        await agent.SendAsync(refused);
        var answer = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == refused.BuildId, Deadline);
        Assert.Equal(BuildOutcome.Lost, answer.Outcome);
        Assert.StartsWith(BuildWorker.EngineDown, answer.Error);
        Assert.DoesNotContain(agent.Bus.Published.Select<BuildStarted>(), m => m.Context.Message.BuildId == refused.BuildId);

        await _dockerd.RestartAsync(TimeSpan.FromSeconds(60));

        await agent.PublishedAsync<AgentHeartbeat>(m => m.Agent.DockerError is null && m.Agent.DockerVersion is not null, Deadline);
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        var again = Job();
        await agent.SendAsync(again);
        var rebuilt = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == again.BuildId, Deadline);
        Assert.True(rebuilt.Outcome == BuildOutcome.Succeeded, rebuilt.Error);
        await agent.AssertNoFaultsAsync();
    }
}
