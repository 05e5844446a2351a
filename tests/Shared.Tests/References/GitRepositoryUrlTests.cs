using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Tests.References;

public class GitRepositoryUrlTests
{
    [Theory]
    [InlineData("https://github.com/pytorch/pytorch.git")]
    [InlineData("http://git.internal:3000/ml/images")]
    [InlineData("ssh://git@github.com:22/org/repo.git")]
    [InlineData("git://git.kernel.org/pub/scm/git/git.git")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("deploy.bot@gitlab.example.com:/srv/repo.git")]
    public void Should_recognize_remote_urls(string url) =>
        Assert.Equal(GitRepositoryKind.Remote, GitRepositoryUrl.Classify(url));

    [Theory]
    [InlineData("file:///srv/repos/images.git")]
    [InlineData("/srv/repos/images")]
    public void Should_recognize_local_repositories(string url) =>
        Assert.Equal(GitRepositoryKind.Local, GitRepositoryUrl.Classify(url));

    [Theory]
    [InlineData("")]
    [InlineData("github.com/org/repo")]
    [InlineData("./repo")]
    [InlineData("repo")]
    [InlineData("ftp://host/repo")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("-u@host:path")]
    [InlineData("https://github.com/")]
    [InlineData("https:///org/repo")]
    [InlineData("https://github.com/org/repo two")]
    [InlineData("git@host:")]
    [InlineData("git@host:-oProxyCommand=x")]
    [InlineData("file://")]
    [InlineData("file://server/share/repo")]
    public void Should_reject_everything_else(string url) =>
        Assert.Equal(GitRepositoryKind.Invalid, GitRepositoryUrl.Classify(url));
}
