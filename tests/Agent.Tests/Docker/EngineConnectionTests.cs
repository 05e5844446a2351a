using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

[Collection(EngineCollection.Name)]
public class EngineConnectionTests(EngineFixture fixture)
{
    [Fact]
    public async Task Should_speak_the_newest_api_version_both_sides_know()
    {
        using var engine = new TestEngine(fixture.Host);
        var server = await engine.System.GetVersionAsync();
        Assert.Null(engine.Connection.ApiVersion);

        // An engine refuses a client newer than itself, so an answer proves it speaks the version the client sent.
        await engine.System.GetInfoAsync();

        var serverVersion = Version.Parse(server.ApiVersion);
        var expected = serverVersion < EngineConnection.MaxApiVersion ? serverVersion : EngineConnection.MaxApiVersion;
        Assert.Equal(expected.ToString(2), engine.Connection.ApiVersion);
    }

    [Fact]
    public void Should_refuse_a_host_it_cannot_speak_to() =>
        Assert.Throws<ArgumentException>(() => new EngineConnection("npipe:////./pipe/docker_engine"));
}
