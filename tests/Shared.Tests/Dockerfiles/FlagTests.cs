using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class FlagTests
{
    [Fact]
    public void Should_parse_flags_into_a_dictionary_keeping_repeats_in_order()
    {
        var result = DockerfileParser.Parse("FROM alpine\nCOPY --link --chmod=755 --exclude=*.md --exclude=tests/ --parents src/ /app/");

        var flags = result.Stages[0].Steps[0].Flags;
        Assert.Equal(["true"], flags["link"]);
        Assert.Equal(["755"], flags["chmod"]);
        Assert.Equal(["*.md", "tests/"], flags["exclude"]);
        Assert.Equal(["true"], flags["parents"]);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_expand_chown_and_chmod_with_the_stage_scope()
    {
        var result = DockerfileParser.Parse("FROM alpine\nARG UID=1000\nCOPY --chown=${UID}:${UID} --chmod=644 a /a");

        var copy = result.Stages[0].Steps[1];
        Assert.Equal(["1000:1000"], copy.Flags["chown"]);
        Assert.Equal("COPY --chown=1000:1000 --chmod=644 a /a", copy.Text);
    }

    [Fact]
    public void Should_read_run_mounts_network_and_several_mounts()
    {
        var text = "FROM alpine\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked " +
                   "--mount=type=secret,id=token --mount=type=bind,source=req.txt,target=/tmp/req.txt,rw " +
                   "--network=none pip install -r /tmp/req.txt";
        var result = DockerfileParser.Parse(text);

        var run = result.Stages[0].Steps[0];
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["none"], run.Flags["network"]);
        Assert.Equal(3, run.Flags["mount"].Count);
        Assert.Equal(["pip install -r /tmp/req.txt"], run.Arguments);
        Assert.Equal(("cache", "/root/.cache/pip", false), (run.Mounts[0].Type, run.Mounts[0].Target, run.Mounts[0].ReadOnly));
        Assert.Equal(("secret", "token", true), (run.Mounts[1].Type, run.Mounts[1].Id, run.Mounts[1].ReadOnly));
        Assert.Equal(("bind", "req.txt", false), (run.Mounts[2].Type, run.Mounts[2].Source, run.Mounts[2].ReadOnly));
    }

    [Fact]
    public void Should_expand_mount_fields_with_the_stage_scope()
    {
        var result = DockerfileParser.Parse("FROM alpine\nARG CACHE=/cache\nRUN --mount=type=cache,target=$CACHE/pip true");

        Assert.Equal("/cache/pip", result.Stages[0].Steps[1].Mounts[0].Target);
    }

    [Theory]
    [InlineData("COPY --frm=builder a b", "unknown flag: frm")]
    [InlineData("COPY --from=a --from=b x y", "duplicate flag specified: from")]
    [InlineData("COPY --chown a b", "missing a value on flag: chown")]
    [InlineData("COPY --link=maybe a b", "expecting boolean value for flag link, not: maybe")]
    [InlineData("RUN --mount=type=nfs,target=/x true", "unsupported mount type \"nfs\"")]
    [InlineData("RUN --mount=type=bind,sharing=locked,target=/x true", "invalid cache sharing set for bind mount")]
    [InlineData("RUN --mount=target true", "invalid field 'target' must be a key=value pair")]
    [InlineData("RUN --mount=type=cache,colour=red true", "unexpected key 'colour' in 'colour=red'")]
    [InlineData("ENV --x=1 A=b", "unknown flag: x")]
    [InlineData("CMD --help", "unknown flag: help")]
    public void Should_reject_bad_flags_like_buildkit(string line, string message)
    {
        var result = DockerfileParser.Parse("FROM alpine AS a\nFROM alpine AS b\n" + line);

        Assert.Contains($"line 3: {message}", result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Should_stop_reading_flags_at_a_double_dash()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN -- --not-a-flag");

        Assert.Empty(result.Stages[0].Steps[0].Flags);
        Assert.Equal(["--not-a-flag"], result.Stages[0].Steps[0].Arguments);
    }

    [Fact]
    public void Should_read_quoted_flag_values()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN --mount=\"type=cache,target=/a b\" true");

        Assert.Equal("/a b", result.Stages[0].Steps[0].Mounts[0].Target);
    }
}
