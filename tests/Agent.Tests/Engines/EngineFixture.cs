namespace BuildFarm.Agent.Tests.Engines;

/// <summary>One real Docker engine for the tests of a collection: the one in BUILDFARM_TEST_DOCKER_HOST when the test
/// script started it, else a private dockerd started here and stopped at the end. Either way it holds
/// <see cref="BusyboxBase.Reference"/> to build FROM.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    PrivateDockerd? _own;

    public TestEngine Engine { get; private set; } = null!;

    public string Host => Engine.Host;

    public async Task InitializeAsync()
    {
        var host = Environment.GetEnvironmentVariable("BUILDFARM_TEST_DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            _own = await PrivateDockerd.StartAsync(TimeSpan.FromSeconds(60));
            host = _own.Host;
        }
        Engine = new TestEngine(host);
        await BusyboxBase.ImportAsync(Engine.Images);
    }

    public async Task DisposeAsync()
    {
        Engine.Dispose();
        if (_own is not null)
            await _own.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Docker engine";
}
