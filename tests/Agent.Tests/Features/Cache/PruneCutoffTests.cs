using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Cache;

namespace BuildFarm.Agent.Tests.Features.Cache;

public class PruneCutoffTests
{
    // Three builds ended at 1 000, 2 000 and 3 000 ms; each used its records shortly before it ended.
    static readonly Dictionary<string, long> Inventory = new() { ["a1"] = 1000, ["a2"] = 1000, ["b1"] = 2000, ["c1"] = 3000 };

    static BuildCacheRecord Record(long usedAtMs, long size, bool inUse = false) =>
        new($"r{usedAtMs}", size, DateTimeOffset.UnixEpoch, DateTimeOffset.FromUnixTimeMilliseconds(usedAtMs), inUse, Shared: false);

    static readonly BuildCacheRecord[] Records = [Record(900, 100), Record(950, 50), Record(1900, 200), Record(2950, 300)];

    [Fact]
    public void Should_cut_nothing_while_the_cache_fits_its_budget() =>
        Assert.Null(PruneCutoff.Choose(Inventory, Records, budget: 650, keepFromMs: 3000));

    [Fact]
    public void Should_cut_the_least_recently_used_build_when_that_is_enough() =>
        Assert.Equal(1000, PruneCutoff.Choose(Inventory, Records, budget: 500, keepFromMs: 3000));

    [Fact]
    public void Should_cut_as_many_builds_as_it_takes() =>
        Assert.Equal(2000, PruneCutoff.Choose(Inventory, Records, budget: 400, keepFromMs: 3000));

    [Fact]
    public void Should_never_cut_the_build_that_just_ended_even_when_the_rest_cannot_bring_the_cache_under() =>
        Assert.Equal(2000, PruneCutoff.Choose(Inventory, Records, budget: 100, keepFromMs: 3000));

    [Fact]
    public void Should_count_records_a_running_build_holds_as_freeing_nothing()
    {
        BuildCacheRecord[] records = [Record(900, 100, inUse: true), Record(950, 50), Record(1900, 200), Record(2950, 300)];

        Assert.Equal(2000, PruneCutoff.Choose(Inventory, records, budget: 550, keepFromMs: 3000));
    }

    [Fact]
    public void Should_cut_nothing_when_no_older_build_is_known()
    {
        Assert.Null(PruneCutoff.Choose(new Dictionary<string, long> { ["c1"] = 3000 }, Records, budget: 100, keepFromMs: 3000));
        Assert.Null(PruneCutoff.Choose(new Dictionary<string, long>(), Records, budget: 100, keepFromMs: 3000));
    }
}
