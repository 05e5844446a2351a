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

    [Fact]
    public void Should_find_vanished_the_keys_last_used_before_every_record_the_engine_still_has()
    {
        var hour = (long)TimeSpan.FromHours(1).TotalMilliseconds;
        var inventory = new Dictionary<string, long> { ["gone"] = 1 * hour, ["kept"] = 3 * hour, ["fresh"] = 5 * hour };
        BuildCacheRecord[] records = [Record(3 * hour - 1000, 100), Record(5 * hour - 1000, 100)];

        Assert.Equal(["gone"], PruneCutoff.Vanished(inventory, records));
    }

    [Fact]
    public void Should_allow_for_an_engine_clock_running_a_little_ahead()
    {
        // The engine says its records were used five minutes after the agent's own time for the build that used them.
        var inventory = new Dictionary<string, long> { ["k"] = 10_000_000 };

        Assert.Empty(PruneCutoff.Vanished(inventory, [Record(10_000_000 + 300_000, 100)]));
    }

    [Fact]
    public void Should_find_every_key_vanished_from_an_engine_with_no_build_cache() =>
        Assert.Equal(Inventory.Keys.Order(), PruneCutoff.Vanished(Inventory, []).Order());
}
