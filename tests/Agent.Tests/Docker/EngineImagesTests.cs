using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Protos.BuildKit;
using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

[Collection(EngineCollection.Name)]
public class EngineImagesTests(EngineFixture fixture)
{
    static readonly BuildParameters NoOptions = new("Dockerfile", [], null, new Dictionary<string, string>(), false, false, "none");

    [Fact]
    public async Task Should_stream_a_BuildKit_build_with_its_progress_intact_and_name_the_image()
    {
        var token = Guid.NewGuid().ToString("N");
        using var context = DockerfileContext.Tar($"FROM {BusyboxBase.Reference}\nRUN echo {token} > /token\n");

        var messages = new List<BuildMessage>();
        await foreach (var message in fixture.Engine.Images.BuildAsync(context, NoOptions))
            messages.Add(message);

        Assert.Null(messages.Select(BuildTrace.Error).OfType<string>().FirstOrDefault());
        // The progress is BuildKit's StatusResponse, base64 in "aux": decoded, it names the step the Dockerfile has.
        var vertices = messages.Select(BuildTrace.Status).OfType<StatusResponse>().SelectMany(s => s.Vertexes).ToList();
        Assert.Contains(vertices, v => v.Name == $"[2/2] RUN echo {token} > /token" && v.Completed is not null);
        var imageId = Assert.Single(messages.Select(BuildTrace.ImageId).OfType<string>());
        Assert.True(await fixture.Engine.Images.GetSizeAsync(imageId) > 0);
    }

    [Fact]
    public async Task Should_end_the_stream_with_the_engines_error_when_a_step_fails()
    {
        using var context = DockerfileContext.Tar($"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N} && exit 3\n");

        var messages = new List<BuildMessage>();
        await foreach (var message in fixture.Engine.Images.BuildAsync(context, NoOptions))
            messages.Add(message);

        Assert.Contains("exit code: 3", messages.Select(BuildTrace.Error).OfType<string>().Single());
        Assert.Empty(messages.Select(BuildTrace.ImageId).OfType<string>());
    }

    [Fact]
    public async Task Should_answer_a_request_the_engine_refuses_with_the_engines_message()
    {
        var e = await Assert.ThrowsAsync<DockerEngineException>(() => fixture.Engine.Images.GetSizeAsync("buildfarm-test/no-such-image:1"));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("no such image", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_say_in_the_engines_words_why_an_import_failed()
    {
        using var notATar = new MemoryStream([1, 2, 3]);

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => fixture.Engine.Images.ImportAsync(notATar, "buildfarm-test/broken", "1"));

        Assert.Contains("tar", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
