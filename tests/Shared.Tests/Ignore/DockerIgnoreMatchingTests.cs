using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.Ignore;

// Behaviours of moby/patternmatcher beyond the documented examples.
public class DockerIgnoreMatchingTests
{
    [Theory]
    [InlineData("[a-c].txt", "b.txt", true)]
    [InlineData("[a-c].txt", "d.txt", false)]
    [InlineData("[^a].txt", "b.txt", true)]
    [InlineData("[^a].txt", "a.txt", false)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("[\\]]x", "]x", true)]
    [InlineData("a?b", "axb", true)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a+(b)", "a+(b)", true)]
    [InlineData("a{1,2}", "a{1,2}", true)]
    [InlineData("caf?", "café", true)]
    [InlineData("x?", "x😀", true)]
    public void Should_match_globs_and_escapes(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));

    [Theory]
    [InlineData("**/foo", "foo", true)]
    [InlineData("**/foo", "a/b/foo", true)]
    [InlineData("**/foo", "a/foo/bar.txt", true)]
    [InlineData("**/foo", "a/xfoo", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/x/y/c", false)]
    [InlineData("foo/**", "foo/x/y", true)]
    [InlineData("foo/**", "foo", false)]
    [InlineData("**", "any/thing", true)]
    [InlineData("**/*.pyc", "pkg/__pycache__/m.cpython-312.pyc", true)]
    public void Should_match_double_stars_like_patternmatcher(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));

    [Theory]
    [InlineData("node_modules/left-pad/index.js")]
    [InlineData("node_modules")]
    [InlineData("node_modules/.bin/tool")]
    public void Should_exclude_everything_under_an_excluded_directory(string path) =>
        Assert.True(DockerIgnore.Parse("node_modules/").IsExcluded(path));

    [Fact]
    public void Should_treat_a_trailing_slash_pattern_as_matching_files_too() =>
        Assert.True(DockerIgnore.Parse("build/").IsExcluded("build", isDirectory: false));

    [Theory]
    [InlineData("docs/README.md", false)]
    [InlineData("docs/guide.md", true)]
    [InlineData("docs", true)]
    [InlineData("docs/deep/README.md", true)]
    public void Should_re_include_an_exception_under_an_excluded_directory(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("docs\n!docs/README.md").IsExcluded(path));

    [Theory]
    [InlineData("build/app.keep", false)]
    [InlineData("build/obj/x.keep", false)]
    [InlineData("build/app.dll", true)]
    public void Should_re_include_a_wildcard_exception_at_any_depth(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("build\n!**/*.keep").IsExcluded(path));

    [Fact]
    public void Should_never_exclude_the_context_root()
    {
        var ignore = DockerIgnore.Parse("**\n*\n.");

        Assert.False(ignore.IsExcluded("."));
        Assert.False(ignore.IsExcluded(""));
        Assert.True(ignore.IsExcluded("./file"));
    }

    [Fact]
    public void Should_carry_parent_results_down_the_walk_as_buildkit_does()
    {
        // The third line is not tried on "a" (it could not change an excluded path), so "a/b" does not inherit
        // it and only the exception applies: fsutil's MatchesUsingParentResults keeps a/b.
        var ignore = DockerIgnore.Parse("a\n!a/b\na");

        Assert.True(ignore.IsExcluded("a"));
        Assert.False(ignore.IsExcluded("a/b"));
        Assert.True(ignore.IsExcluded("a/c"));
    }
}
