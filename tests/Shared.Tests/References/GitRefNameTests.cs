using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Tests.References;

public class GitRefNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("release/2.9")]
    [InlineData("refs/heads/feature/cuda-12.4")]
    [InlineData("v1.2.3")]
    [InlineData("3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49")]
    [InlineData("user@host")]
    public void Should_accept_names_git_accepts(string name) => Assert.Null(GitRefName.Problem(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-x", "must not start with '-'")]
    [InlineData("my branch", "space")]
    [InlineData("a..b", "'..'")]
    [InlineData("a~1", "'~'")]
    [InlineData("a^", "'^'")]
    [InlineData("a:b", "':'")]
    [InlineData("a?", "'?'")]
    [InlineData("a*", "'*'")]
    [InlineData("a[b", "'['")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a\tb", "control character U+0009")]
    [InlineData("a@{1}", "'@{'")]
    [InlineData("@", "'@' alone")]
    [InlineData("/main", "'/'")]
    [InlineData("main/", "'/'")]
    [InlineData("a//b", "'//'")]
    [InlineData("main.", "end with '.'")]
    [InlineData("feature/.hidden", "component '.hidden' must not start with '.'")]
    [InlineData("main.lock", "component 'main.lock' must not end with '.lock'")]
    public void Should_name_what_git_would_reject(string name, string expected) =>
        Assert.Contains(expected, GitRefName.Problem(name));
}
