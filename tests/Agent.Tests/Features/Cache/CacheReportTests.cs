using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Cache;

/// <summary>The running agent publishes its cache: after each build, and whole once registered on start. Nothing here
/// prunes, so the shared engine serves.</summary>
[Collection(EngineCollection.Name)]
public sealed class CacheReportTests(EngineFixture fixture) : IDisposable
{
    const string Base = "sha256:0000000000000000000000000000000000000000000000000000000000000b05";

    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    static string Key(string name) => name.PadRight(64, '0');

    [Fact]
    public async Task Should_report_what_a_build_held_after_it_and_the_whole_inventory_when_the_agent_starts_again()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nENV N=1\nRUN echo {Guid.NewGuid():N}\n").Commit();
        var job = new StartBuild(Guid.NewGuid(), 1,
            new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false),
            Keys: [new("stage-0", 0, 1, Base), new("stage-0", 1, null, Key("env")), new("stage-0", 2, 2, Key("run"))]);

        await using (var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path))
        {
            await agent.PublishedAsync<AgentCacheReported>(m => m.Complete);
            await agent.PublishedAsync<AgentRegistered>();

            await agent.SendAsync(job);

            var report = await agent.PublishedAsync<AgentCacheReported>(m => m.BuildId == job.BuildId);
            Assert.Equal((agent.AgentId, false, null), (report.AgentId, report.Complete, report.BudgetBytes));
            Assert.Equal([Base, Key("env"), Key("run")], report.Held);
            Assert.True(report.CacheBytes > 0);
            Assert.Equal(BuildOutcome.Succeeded, (await agent.PublishedAsync<BuildFinished>()).Outcome);
            Assert.Contains(agent.Bus.Published.Select<StepCompleted>(), m => m.Context.Message.Key == Key("run"));
        }

        await using var restarted = await AgentHarness.StartAsync(fixture.Host, _data.Path, new Dictionary<string, string?>
        {
            ["Agent:CacheBudgetBytes"] = "1000000000",
        });
        var start = await restarted.PublishedAsync<AgentCacheReported>(m => m.Complete);
        Assert.Equal((null, 1_000_000_000L), (start.BuildId, start.BudgetBytes));
        Assert.Equal(new[] { Base, Key("env"), Key("run") }.Order(), start.Held.Order());
    }
}
