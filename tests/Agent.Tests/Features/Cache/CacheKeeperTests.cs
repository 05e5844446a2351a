using System.Security.Cryptography;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Cache;

/// <summary>The cache inventory against a real engine of its own, since these tests prune its build cache.</summary>
public sealed class CacheKeeperTests(PrivateEngineFixture fixture) : IClassFixture<PrivateEngineFixture>, IDisposable
{
    const string Base = "sha256:0000000000000000000000000000000000000000000000000000000000000b05";

    readonly TempDir _data = new();
    readonly TempDir _work = new();
    readonly List<GitRepo> _repos = [];

    public void Dispose()
    {
        _repos.ForEach(r => r.Dispose());
        _data.Dispose();
        _work.Dispose();
    }

    CacheKeeper Keeper(long? budget = null) => new(new AgentIdentity("agent-test", "test", _data.Path), fixture.Engine.BuildCache, budget, TimeProvider.System);

    /// <summary>A one-stage project whose COPY puts <paramref name="bytes"/> of random data in the cache, and its plan.</summary>
    (GitRepo Repo, IReadOnlyList<StepKey> Keys) Project(string name, int bytes = 3_000_000, string run = "echo")
    {
        var repo = new GitRepo();
        _repos.Add(repo);
        repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nCOPY data.txt /data.txt\nRUN {run} {name} {Guid.NewGuid():N}\n")
            .Write("data.txt", Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))).Commit();
        return (repo, [new("stage-0", 0, 1, Base), new("stage-0", 1, 2, Key(name + "-copy")), new("stage-0", 2, 3, Key(name + "-run"))]);
    }

    static string Key(string name) => name.PadRight(64, '0');

    async Task<(StartBuild Job, BuildFinished Finished, IReadOnlyList<StepCompleted> Steps)> BuildAsync((GitRepo Repo, IReadOnlyList<StepKey> Keys) project)
    {
        var job = new StartBuild(Guid.NewGuid(), 1,
            new BuildSpec(project.Repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false), Keys: project.Keys);
        var sink = new RecordingSink();
        var runner = new BuildRunner(
            fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers, new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true), TimeProvider.System);
        var finished = await runner.RunAsync(job, "agent-test", sink, CancellationToken.None);
        return (job, finished, sink.Completed);
    }

    async Task<AgentCacheReported> BuildAndKeepAsync(CacheKeeper keeper, (GitRepo Repo, IReadOnlyList<StepKey> Keys) project)
    {
        var (job, finished, steps) = await BuildAsync(project);
        return await keeper.AfterBuildAsync(job, finished, steps);
    }

    [Fact]
    public async Task Should_prune_the_least_recently_used_build_to_stay_under_budget_and_report_its_keys_dropped()
    {
        await fixture.EmptyBuildCacheAsync();
        var a = Project("a");
        var b = Project("b");
        var first = await BuildAndKeepAsync(Keeper(), a);
        Assert.Equal([Base, Key("a-copy"), Key("a-run")], first.Held);
        // Room for one such build and a half: B's cache fits only once A's is gone. The base both share counts once.
        var budget = first.CacheBytes * 3 / 2;

        var second = await BuildAndKeepAsync(Keeper(budget), b);

        Assert.False(second.Complete);
        Assert.Equal([Base, Key("b-copy"), Key("b-run")], second.Held);
        Assert.Equal([Key("a-copy"), Key("a-run")], second.Dropped.Order());
        Assert.Equal(budget, second.BudgetBytes);
        if (second.CacheBytes <= 0 || second.CacheBytes > budget)
            Assert.Fail(await OverBudgetAsync(second, first.At));
        Assert.Equal(new[] { Base, Key("b-copy"), Key("b-run") }.Order(), CacheInventory.In(_data.Path).Load().Keys.Order());
        var rebuiltB = (await BuildAsync(b)).Finished;
        Assert.Equal((BuildOutcome.Succeeded, 2, 2), (rebuiltB.Outcome, rebuiltB.StepsCached, rebuiltB.StepsTotal));
        var rebuiltA = (await BuildAsync(a)).Finished;
        Assert.Equal((BuildOutcome.Succeeded, 0, 2), (rebuiltA.Outcome, rebuiltA.StepsCached, rebuiltA.StepsTotal));
    }

    /// <summary>What the engine holds after a prune that left the cache over budget: failed once under CI load (20.0 MB
    /// against 18.0 MB) and never since; the records' last use against the pruned build's key time says whether BuildKit
    /// stamped a record after the keeper stamped the build's keys, or the engine under-reported what it reclaimed.</summary>
    async Task<string> OverBudgetAsync(AgentCacheReported report, DateTimeOffset prunedKeysAt)
    {
        var records = await fixture.Engine.BuildCache.GetRecordsAsync();
        return $"reported {report.CacheBytes} bytes against a budget of {report.BudgetBytes}; the engine now holds " +
               $"{records.Sum(r => r.Size)} bytes; the pruned build's keys were stamped {prunedKeysAt:O}; records: " +
               string.Join("; ", records.Select(r => $"{r.Type} {r.Size} B used {r.UsedAt:O}{(r.InUse ? " in use" : "")}{(r.Shared ? " shared" : "")} {r.Description}"));
    }

    [Fact]
    public async Task Should_prune_nothing_while_the_cache_fits_its_budget()
    {
        await fixture.EmptyBuildCacheAsync();
        await BuildAndKeepAsync(Keeper(), Project("fits-a", bytes: 1000));

        var second = await BuildAndKeepAsync(Keeper(budget: 1L << 40), Project("fits-b", bytes: 1000));

        Assert.Empty(second.Dropped);
        Assert.Equal(5, CacheInventory.In(_data.Path).Load().Count);
    }

    [Fact]
    public async Task Should_report_the_whole_persisted_inventory_complete_on_start()
    {
        await fixture.EmptyBuildCacheAsync();
        var built = await BuildAndKeepAsync(Keeper(budget: 1L << 40), Project("c", bytes: 1000));

        var report = await Keeper(budget: 1L << 40).StartReportAsync();

        Assert.Equal(("agent-test", (Guid?)null, true), (report.AgentId, report.BuildId, report.Complete));
        Assert.Equal(built.Held.Order(), report.Held.Order());
        Assert.Empty(report.Dropped);
        Assert.Equal((await fixture.Engine.BuildCache.GetRecordsAsync()).Sum(r => r.Size), report.CacheBytes);
        Assert.Equal((1L << 40, built.At), (report.BudgetBytes, report.At));
    }

    [Fact]
    public async Task Should_forget_the_inventory_on_start_when_the_engine_lost_its_build_cache()
    {
        await BuildAndKeepAsync(Keeper(), Project("wiped", bytes: 1000));
        await fixture.EmptyBuildCacheAsync();

        var report = await Keeper().StartReportAsync();

        Assert.Equal((true, 0L), (report.Complete, report.CacheBytes));
        Assert.Empty(report.Held);
        Assert.Empty(CacheInventory.In(_data.Path).Load());
    }

    [Fact]
    public async Task Should_drop_a_key_it_claimed_when_BuildKit_ran_that_step_and_the_step_failed()
    {
        var project = Project("failing", bytes: 1000, run: "exit 3 #");
        CacheInventory.In(_data.Path).Save(new Dictionary<string, long> { [Key("failing-run")] = 1, [Key("other")] = 1 });

        var report = await BuildAndKeepAsync(Keeper(), project);

        Assert.Equal([Base, Key("failing-copy")], report.Held);
        // "other" was last used in 1970, before anything the engine still holds: gone too.
        Assert.Equal([Key("failing-run"), Key("other")], report.Dropped);
        Assert.Equal(new[] { Base, Key("failing-copy") }.Order(), CacheInventory.In(_data.Path).Load().Keys.Order());
    }
}
