using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class MultiStageTests
{
    private const string Digest = "sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74";

    [Fact]
    public void Should_read_named_stages_platforms_digests_and_stage_bases()
    {
        var text = $"FROM --platform=linux/arm64 busybox:1.36.1@{Digest} AS Foo\nRUN echo foo\n" +
                   "FROM foo AS bar\nRUN echo bar\nFROM scratch\nCOPY --from=BAR /out /\n";
        var result = DockerfileParser.Parse(text);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var (foo, bar, last) = (result.Stages[0], result.Stages[1], result.Stages[2]);
        Assert.Equal(("foo", $"busybox:1.36.1@{Digest}", "linux/arm64", (int?)null), (foo.Name, foo.BaseReference, foo.Platform, foo.BaseStageIndex));
        Assert.Equal(("bar", 0, 3), (bar.Name, bar.BaseStageIndex, bar.Line));
        Assert.True(last.IsScratch);
        Assert.Equal("stage-2", last.DisplayName);
        Assert.Equal(("BAR", 1), (last.Steps[0].From, last.Steps[0].FromStageIndex));
    }

    [Fact]
    public void Should_copy_from_stage_indexes_and_images()
    {
        var text = "FROM golang AS build\nRUN go build -o /app\nFROM alpine\nCOPY --from=0 /app /app\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf\n";
        var steps = DockerfileParser.Parse(text).Stages[1].Steps;

        Assert.Equal(0, steps[0].FromStageIndex);
        Assert.Equal(("nginx:latest", (int?)null), (steps[1].From, steps[1].FromStageIndex));
    }

    [Fact]
    public void Should_resolve_target_stages_through_from_copy_and_mount_dependencies()
    {
        var text = "FROM alpine AS base\nFROM base AS deps\nFROM golang AS tools\nFROM alpine AS unused\n" +
                   "FROM deps AS app\nCOPY --from=tools /go/bin/x /x\nRUN --mount=type=bind,from=unused,target=/u true\n" +
                   "FROM alpine AS test\nCOPY --from=app / /\n";
        var result = DockerfileParser.Parse(text);

        Assert.Equal(["base", "deps", "tools", "unused", "app", "test"], result.StagesFor(null, out _)!.Select(s => s.Name));
        Assert.Equal(["base", "deps", "tools", "unused", "app"], result.StagesFor("APP", out _)!.Select(s => s.Name));
        Assert.Equal(["base", "deps"], result.StagesFor("deps", out var error)!.Select(s => s.Name));
        Assert.Null(error);
        Assert.Equal(3, result.Stages[4].Steps[1].Mounts[0].FromStageIndex);
    }

    [Fact]
    public void Should_refuse_an_unknown_target()
    {
        var result = DockerfileParser.Parse("FROM alpine AS build\n");

        Assert.Null(result.StagesFor("relase", out var error));
        Assert.Equal("target stage \"relase\" could not be found", error);
    }

    [Fact]
    public void Should_refuse_copy_from_an_unknown_stage()
    {
        var result = DockerfileParser.Parse("FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=builder /app /app\n");

        Assert.Equal("line 4: COPY --from=builder refers to an unknown stage", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("COPY --from=5 /a /a", "line 2: COPY --from=5 refers to an unknown stage: invalid stage index 5")]
    [InlineData("RUN --mount=from=nope,target=/n true", "line 2: RUN --mount from=nope refers to an unknown stage")]
    [InlineData("COPY --from=$STAGE /a /a", "line 2: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround")]
    [InlineData("RUN --mount=from=$STAGE,target=/n true", "line 2: 'from' doesn't support variable expansion, define alias stage instead")]
    public void Should_refuse_stage_references_buildkit_cannot_resolve(string line, string expected)
    {
        var result = DockerfileParser.Parse("FROM alpine\n" + line);

        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_detect_circular_references()
    {
        // dockerfile2llb TestDockerfileCircularDependencies.
        Assert.Equal("line 2: circular dependency detected on stage: stage0",
            Assert.Single(DockerfileParser.Parse("FROM busybox AS stage0\nCOPY --from=stage0 f1 /sub/\n").Errors).ToString());

        var result = DockerfileParser.Parse("FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\n" +
                                            "COPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/\n");
        Assert.Equal("line 2: circular dependency detected on stage: stage0", Assert.Single(result.Errors).ToString());
        Assert.Null(result.StagesFor(null, out var error));
        Assert.StartsWith("circular dependency detected on stage:", error);
    }

    [Fact]
    public void Should_allow_copy_from_a_later_stage_when_there_is_no_cycle()
    {
        var result = DockerfileParser.Parse("FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nRUN touch /x\n");

        Assert.True(result.Succeeded);
        Assert.Equal(["a", "b"], result.StagesFor("a", out _)!.Select(s => s.Name));
    }

    [Fact]
    public void Should_treat_from_a_later_stage_name_as_an_image()
    {
        var result = DockerfileParser.Parse("FROM later AS first\nFROM alpine AS later\n");

        Assert.Null(result.Stages[0].BaseStageIndex);
        Assert.Equal("later", result.Stages[0].BaseReference);
    }

    [Fact]
    public void Should_refuse_invalid_stage_names_and_base_references()
    {
        var result = DockerfileParser.Parse("FROM alpine AS 1st\nFROM Alpine:Latest\nARG EMPTY\nFROM ${NOPE}\n");

        var errors = result.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains("line 1: invalid name for build stage: \"1st\", name can't start with a number or contain symbols", errors);
        Assert.Contains(errors, e => e.StartsWith("line 2: failed to parse stage name \"Alpine:Latest\": invalid reference format", StringComparison.Ordinal));
        Assert.Contains("line 4: base name (${NOPE}) should not be blank", errors);
    }
}
