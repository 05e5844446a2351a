using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

[Collection(EngineCollection.Name)]
public class EngineSystemTests(EngineFixture fixture)
{
    [Fact]
    public async Task Should_report_the_engines_os_architecture_version_and_storage_driver()
    {
        var version = await fixture.Engine.System.GetVersionAsync();

        var facts = await fixture.Engine.System.GetInfoAsync();

        Assert.Equal("linux", facts.OsType);
        Assert.False(string.IsNullOrEmpty(facts.Architecture));
        Assert.Equal(version.Version, facts.ServerVersion);
        Assert.False(string.IsNullOrEmpty(facts.Driver));
    }
}
