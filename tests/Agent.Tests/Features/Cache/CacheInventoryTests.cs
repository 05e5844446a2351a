using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Tests.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Cache;

public sealed class CacheInventoryTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_start_empty_without_a_file()
    {
        Assert.Empty(CacheInventory.In(_dir.Path).Load());
    }

    [Fact]
    public void Should_keep_each_key_with_its_last_used_time_across_instances()
    {
        CacheInventory.In(_dir.Path).Save(new Dictionary<string, long> { ["sha256:base"] = 1_795_459_305_334, ["k1"] = 2 });

        var loaded = CacheInventory.In(_dir.Path).Load();

        Assert.Equal(new Dictionary<string, long> { ["sha256:base"] = 1_795_459_305_334, ["k1"] = 2 }, loaded);
        Assert.Equal(["cache-inventory.json"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_refuse_a_file_that_is_not_an_inventory()
    {
        var inventory = CacheInventory.In(_dir.Path);
        File.WriteAllText(inventory.Path, "{ not json");

        Assert.Throws<InvalidDataException>(inventory.Load);
    }
}
