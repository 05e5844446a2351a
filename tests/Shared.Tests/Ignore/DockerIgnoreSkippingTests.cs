using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.Ignore;

// When a context walk may skip a directory whole (fsutil returns SkipDir).
public class DockerIgnoreSkippingTests
{
    [Fact]
    public void Should_skip_an_excluded_directory_when_there_are_no_exceptions()
    {
        var ignore = DockerIgnore.Parse(".git\nnode_modules");

        Assert.True(ignore.CanSkipDirectory(".git"));
        Assert.True(ignore.CanSkipDirectory("node_modules/left-pad"));
        Assert.False(ignore.CanSkipDirectory("src"));
    }

    [Fact]
    public void Should_not_skip_a_directory_an_exception_reaches_into()
    {
        var ignore = DockerIgnore.Parse("docs\nvendor\n!docs/README.md");

        Assert.False(ignore.CanSkipDirectory("docs"));
        Assert.True(ignore.CanSkipDirectory("vendor"));
    }

    [Fact]
    public void Should_skip_siblings_of_what_an_exception_keeps()
    {
        var ignore = DockerIgnore.Parse("vendor\n!vendor/keep/**");

        Assert.False(ignore.CanSkipDirectory("vendor"));
        Assert.False(ignore.CanSkipDirectory("vendor/keep"));
        Assert.True(ignore.CanSkipDirectory("vendor/other"));
        Assert.False(ignore.IsExcluded("vendor/keep/a.txt"));
        Assert.True(ignore.IsExcluded("vendor/other/a.txt"));
    }

    [Theory]
    [InlineData("!**/*.keep")]
    [InlineData("!src/*.keep")]
    [InlineData("!lib?/x")]
    [InlineData("![ab]/x")]
    public void Should_skip_nothing_when_an_exception_holds_a_glob(string exception)
    {
        var ignore = DockerIgnore.Parse("build\n" + exception);

        Assert.True(ignore.IsExcluded("build"));
        Assert.False(ignore.CanSkipDirectory("build"));
    }

    [Fact]
    public void Should_not_count_a_trailing_star_as_a_glob()
    {
        var ignore = DockerIgnore.Parse("out\ncache\n!cache/*");

        Assert.True(ignore.CanSkipDirectory("out"));
        Assert.False(ignore.CanSkipDirectory("cache"));
    }

    [Fact]
    public void Should_not_skip_a_directory_that_is_kept()
    {
        var ignore = DockerIgnore.Parse("*\n!src");

        Assert.False(ignore.CanSkipDirectory("src"));
        Assert.False(ignore.CanSkipDirectory("src/app"));
        Assert.True(ignore.CanSkipDirectory("tests"));
    }
}
