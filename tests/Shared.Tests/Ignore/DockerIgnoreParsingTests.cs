using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.Ignore;

public class DockerIgnoreParsingTests
{
    [Fact]
    public void Should_skip_comments_only_in_column_one()
    {
        var ignore = DockerIgnore.Parse("# a comment\n  # not a comment\n\n   \nbin");

        Assert.Equal(["# not a comment", "bin"], ignore.Patterns);
        Assert.True(ignore.IsExcluded("# not a comment"));
    }

    [Fact]
    public void Should_read_crlf_lines_and_drop_a_byte_order_mark()
    {
        var ignore = DockerIgnore.Parse("\uFEFFobj\r\n!obj/keep\r\n");

        Assert.Equal(["obj", "!obj/keep"], ignore.Patterns);
        Assert.True(ignore.IsExcluded("obj/x.dll"));
        Assert.False(ignore.IsExcluded("obj/keep"));
    }

    [Theory]
    [InlineData("! keep.txt", "!keep.txt")]
    [InlineData("!/keep.txt", "!keep.txt")]
    [InlineData("!./a/../keep.txt", "!keep.txt")]
    [InlineData("/", "/")]
    [InlineData("../outside", "../outside")]
    public void Should_clean_patterns_like_buildkit(string line, string expected) =>
        Assert.Equal([expected], DockerIgnore.Parse(line).Patterns);

    [Theory]
    [InlineData("!")]
    [InlineData("!   ")]
    [InlineData("!/")]
    [InlineData("[")]
    [InlineData("[a")]
    [InlineData("[]")]
    [InlineData("[]a]")]
    [InlineData("[a-]")]
    [InlineData("[-a]")]
    [InlineData("[^]")]
    [InlineData("trailing\\")]
    public void Should_reject_patterns_docker_rejects(string line)
    {
        var error = Assert.Throws<FormatException>(() => DockerIgnore.Parse("ok\n" + line));

        Assert.StartsWith(".dockerignore line 2:", error.Message);
    }

    [Fact]
    public void Should_exclude_nothing_when_empty()
    {
        Assert.Empty(DockerIgnore.Parse("").Patterns);
        Assert.False(DockerIgnore.Empty.IsExcluded("anything/at/all"));
        Assert.False(DockerIgnore.Empty.CanSkipDirectory("anything"));
    }
}
