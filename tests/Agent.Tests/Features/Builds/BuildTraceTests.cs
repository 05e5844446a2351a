using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using static BuildFarm.Agent.Tests.Features.Builds.BuildKitTraces;

namespace BuildFarm.Agent.Tests.Features.Builds;

public class BuildTraceTests
{
    [Fact]
    public void Should_find_the_built_image_id()
    {
        var ids = Read("first-build.jsonl").Select(BuildTrace.ImageId).OfType<string>();

        Assert.Equal(["sha256:e784a6dda1ea3aedf9fdc08c587a6afc5f7509e8926fdd94d76c2c4c0cdd4e79"], ids);
    }

    [Fact]
    public void Should_take_the_failure_text_from_the_engine()
    {
        var errors = Read("failed-run.jsonl").Select(BuildTrace.Error).OfType<string>();

        Assert.Equal(["executor failed running [/bin/sh -c echo \"missing dependency libfoo\" >&2 && exit 2]: exit code: 2"], errors);
    }

    [Fact]
    public void Should_decode_every_progress_line_and_nothing_else()
    {
        var messages = Read("first-build.jsonl");

        Assert.All(messages.Where(m => m.Id == "moby.buildkit.trace"), m => Assert.NotNull(BuildTrace.Status(m)));
        Assert.Null(BuildTrace.Status(BuildMessage.Parse("""{"stream":"Successfully tagged fx:first\n"}""")));
        Assert.Null(BuildTrace.Status(BuildMessage.Parse("""{"id":"moby.image.id","aux":{"ID":"sha256:abc"}}""")));
    }
}
