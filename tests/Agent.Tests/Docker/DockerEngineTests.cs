using System.Formats.Tar;
using System.Text;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

[Collection(EngineCollection.Name)]
public class DockerEngineTests(EngineFixture fixture)
{
    [Fact]
    public async Task Should_speak_the_newest_api_version_both_sides_know()
    {
        using var engine = new DockerEngine(fixture.Host);
        var server = await engine.GetVersionAsync();

        await engine.GetInfoAsync();

        var expected = Version.Parse(server.ApiVersion) < DockerEngine.MaxApiVersion ? Version.Parse(server.ApiVersion) : DockerEngine.MaxApiVersion;
        Assert.Equal(expected.ToString(2), engine.ApiVersion);
    }

    [Fact]
    public async Task Should_report_the_engines_os_architecture_version_and_storage_driver()
    {
        var version = await fixture.Engine.GetVersionAsync();

        var facts = await fixture.Engine.GetInfoAsync();

        Assert.Equal("linux", facts.OsType);
        Assert.False(string.IsNullOrEmpty(facts.Architecture));
        Assert.Equal(version.Version, facts.ServerVersion);
        Assert.False(string.IsNullOrEmpty(facts.Driver));
    }

    [Fact]
    public async Task Should_stream_a_BuildKit_build_and_then_count_its_cache()
    {
        using var context = Context($"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid()} > /token\n");
        var parameters = new BuildParameters("Dockerfile", [], null, new Dictionary<string, string>(), false, false, "none", null);

        var messages = new List<BuildMessage>();
        await foreach (var message in fixture.Engine.BuildAsync(context, parameters))
            messages.Add(message);

        Assert.Contains(messages, m => m.Id == "moby.buildkit.trace");
        Assert.Null(messages.Select(BuildTrace.Error).OfType<string>().FirstOrDefault());
        var imageId = Assert.Single(messages.Select(BuildTrace.ImageId).OfType<string>());
        Assert.True(await fixture.Engine.GetImageSizeAsync(imageId) > 0);
        Assert.True(await fixture.Engine.GetBuildCacheBytesAsync() > 0);
    }

    [Fact]
    public async Task Should_answer_a_request_the_engine_refuses_with_the_engines_message()
    {
        var e = await Assert.ThrowsAsync<DockerEngineException>(() => fixture.Engine.GetImageSizeAsync("buildfarm-test/no-such-image:1"));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("no such image", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    static MemoryStream Context(string dockerfile)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)),
            });
        }
        tar.Position = 0;
        return tar;
    }
}
