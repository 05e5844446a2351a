namespace BuildFarm.Agent.Tests.Engines;

/// <summary>An engine of a test class's own, always a <see cref="PrivateDockerd"/>: for tests that prune the build cache,
/// which on a shared engine would take other tests' cache with it. Holds <see cref="BusyboxBase.Reference"/>.</summary>
public sealed class PrivateEngineFixture : IAsyncLifetime
{
    PrivateDockerd? _dockerd;

    public TestEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dockerd = await PrivateDockerd.StartAsync(TimeSpan.FromSeconds(60));
        Engine = new TestEngine(_dockerd.Host);
        await BusyboxBase.ImportAsync(Engine.Images);
    }

    public async Task DisposeAsync()
    {
        Engine?.Dispose();
        if (_dockerd is not null)
            await _dockerd.DisposeAsync();
    }

    /// <summary>Empties the build cache, so a test's byte counts are its own builds'.</summary>
    public async Task EmptyBuildCacheAsync()
    {
        await Engine.BuildCache.PruneAsync(TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Engine.BuildCache.GetRecordsAsync());
    }
}
