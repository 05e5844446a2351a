using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Intake;

/// <summary>The same StartBuild delivered twice (a broker redelivery, or a send repeated) runs the build once: no second
/// docker build of the same attempt, and no second BuildStarted or BuildFinished for the scheduler to act on.</summary>
[Collection(EngineCollection.Name)]
public sealed class DuplicateStartBuildTests(EngineFixture fixture) : IDisposable
{
    static readonly Dictionary<string, string?> OneSlot = new() { ["Agent:Capacity"] = "1" };

    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    StartBuild Job() => new(Guid.NewGuid(), 1,
        new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

    [Fact]
    public async Task Should_not_start_a_second_build_when_the_start_is_delivered_again_while_the_first_runs()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N} && sleep 3\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, OneSlot);
        var job = Job();
        await agent.SendAsync(job);
        await agent.PublishedAsync<StepStarted>(m => m.BuildId == job.BuildId && m.Instruction.Contains("sleep"));

        await agent.SendAsync(job);

        await AgentHarness.UntilAsync(() => Delivered(agent, job) == 2, "the second delivery was consumed");
        var finished = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);
        Assert.True(finished.Outcome == BuildOutcome.Succeeded, finished.Error);
        await AssertRanOnceAsync(agent, job);
    }

    [Fact]
    public async Task Should_not_build_again_when_the_start_is_delivered_again_after_the_build_finished()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, OneSlot);
        var job = Job();
        await agent.SendAsync(job);
        await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);

        await agent.SendAsync(job);

        await AgentHarness.UntilAsync(() => Delivered(agent, job) == 2, "the second delivery was consumed");
        await AssertRanOnceAsync(agent, job);
    }

    static int Delivered(AgentHarness agent, StartBuild job) =>
        agent.Bus.Consumed.Select<StartBuild>().Count(m => m.Context.Message.BuildId == job.BuildId);

    /// <summary>One slot takes builds in the order they came: once a build sent after the duplicate has run, a duplicate
    /// that was taken would have been asked about and run before it.</summary>
    async Task AssertRanOnceAsync(AgentHarness agent, StartBuild job)
    {
        var after = Job();
        await agent.SendAsync(after);
        await agent.PublishedAsync<BuildFinished>(m => m.BuildId == after.BuildId);

        Assert.Equal(2, agent.Checks);
        Assert.Single(agent.Bus.Published.Select<BuildStarted>(), m => m.Context.Message.BuildId == job.BuildId);
        Assert.Single(agent.Bus.Published.Select<BuildFinished>(), m => m.Context.Message.BuildId == job.BuildId);
        // A second docker build of the same context would report every step again (cached this time).
        var steps = agent.Bus.Published.Select<StepCompleted>().Where(m => m.Context.Message.BuildId == job.BuildId)
            .Select(m => m.Context.Message.Index).ToList();
        Assert.Equal(steps.Distinct().Count(), steps.Count);
        Assert.Single(agent.Bus.Published.Select<StepStarted>(), m => m.Context.Message.BuildId == job.BuildId && m.Context.Message.Instruction.StartsWith("RUN"));
        await agent.AssertNoFaultsAsync();
    }
}
