using System.Diagnostics;
using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Intake;

/// <summary>The worker frees a build's slot before the cache update that follows it, which may prune for minutes.</summary>
[Collection(EngineCollection.Name)]
public sealed class BuildWorkerTests(EngineFixture fixture) : IDisposable
{
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
    public async Task Should_run_the_next_build_while_the_last_ones_cache_update_is_still_going()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, new Dictionary<string, string?> { ["Agent:Capacity"] = "1" });
        await agent.PublishedAsync<AgentCacheReported>(m => m.Complete);
        // The inventory is written aside and moved over: a named pipe there holds the update in open() until a reader
        // comes, a cache update as slow as any prune.
        var aside = CacheInventory.In(_data.Path).Path + ".tmp";
        MakeFifo(aside);
        var first = Job();
        var second = Job();
        try
        {
            await agent.SendAsync(first);
            await agent.PublishedAsync<BuildFinished>(m => m.BuildId == first.BuildId);

            await agent.SendAsync(second);

            Assert.Equal(BuildOutcome.Succeeded, (await agent.PublishedAsync<BuildFinished>(m => m.BuildId == second.BuildId)).Outcome);
            Assert.DoesNotContain(agent.Bus.Published.Select<AgentCacheReported>(), m => m.Context.Message.BuildId == first.BuildId);
        }
        finally
        {
            // Opened both ways a pipe never blocks, and the held writer gets its reader.
            await using var reader = new FileStream(aside, FileMode.Open, FileAccess.ReadWrite);
            await agent.PublishedAsync<AgentCacheReported>(m => m.BuildId == second.BuildId);
        }
        var reports = agent.Bus.Published.Select<AgentCacheReported>().Select(m => m.Context.Message.BuildId).ToList();
        Assert.InRange(reports.IndexOf(first.BuildId), 0, reports.IndexOf(second.BuildId) - 1);
    }

    static void MakeFifo(string path)
    {
        var mkfifo = new ProcessStartInfo("mkfifo") { ArgumentList = { path } };
        using var process = Process.Start(mkfifo)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
