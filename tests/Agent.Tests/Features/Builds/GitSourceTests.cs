using BuildFarm.Agent.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

public sealed class GitSourceTests : IDisposable
{
    readonly GitRepo _repo = new();
    readonly TempDir _work = new();

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    Task<string> Fetch(string gitRef, string? repository = null, bool allowLocal = true) =>
        GitSource.FetchAsync(repository ?? _repo.Url, gitRef, _work.Combine(Guid.NewGuid().ToString("N")), allowLocal, CancellationToken.None);

    [Fact]
    public async Task Should_check_out_a_branch_and_return_its_commit()
    {
        _repo.Write("a.txt", "one").Commit();
        var head = _repo.Write("a.txt", "two").Commit();

        var commit = await GitSource.FetchAsync(_repo.Url, "main", _work.Combine("src"), true, CancellationToken.None);

        Assert.Equal(head, commit);
        Assert.Equal("two", File.ReadAllText(_work.Combine("src", "a.txt")));
    }

    [Fact]
    public async Task Should_check_out_a_tag()
    {
        var tagged = _repo.Write("a.txt", "one").Commit();
        _repo.Git("tag", "v1");
        _repo.Write("a.txt", "two").Commit();

        Assert.Equal(tagged, await GitSource.FetchAsync(_repo.Url, "v1", _work.Combine("src"), true, CancellationToken.None));
        Assert.Equal("one", File.ReadAllText(_work.Combine("src", "a.txt")));
    }

    [Fact]
    public async Task Should_check_out_an_older_commit_by_full_or_short_sha()
    {
        var old = _repo.Write("a.txt", "one").Commit();
        _repo.Write("a.txt", "two").Commit();

        Assert.Equal(old, await Fetch(old));
        Assert.Equal(old, await GitSource.FetchAsync(_repo.Path, old[..10], _work.Combine("short"), true, CancellationToken.None));
    }

    [Fact]
    public async Task Should_say_which_ref_was_not_found()
    {
        _repo.Write("a.txt", "one").Commit();

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => Fetch("no-such-branch"));
        Assert.Equal($"ref 'no-such-branch' not found in {_repo.Url}", e.Message);
        var sha = await Assert.ThrowsAsync<BuildSourceException>(() => Fetch(new string('a', 40)));
        Assert.Equal($"ref '{new string('a', 40)}' not found in {_repo.Url}", sha.Message);
    }

    [Fact]
    public async Task Should_say_the_repository_was_not_found()
    {
        var missing = _work.Combine("nowhere");

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => Fetch("main", missing));

        Assert.StartsWith($"repository not found: {missing}", e.Message);
    }

    [Theory]
    [InlineData("file:///srv/repo.git")]
    [InlineData("/srv/repo.git")]
    [InlineData("../repo")]
    public async Task Should_refuse_a_local_repository_unless_allowed(string repository)
    {
        var e = await Assert.ThrowsAsync<BuildSourceException>(() => Fetch("main", repository, allowLocal: false));

        Assert.Contains("is local", e.Message);
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/buildfarm-pwned")]
    [InlineData("-c")]
    [InlineData("main:refs/heads/other")]
    [InlineData("main branch")]
    public async Task Should_refuse_a_ref_git_would_read_as_an_option_or_refspec(string gitRef)
    {
        _repo.Write("a.txt", "one").Commit();

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => Fetch(gitRef));

        Assert.Equal($"ref '{gitRef}' is not a valid git branch, tag or commit", e.Message);
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/buildfarm-pwned")]
    [InlineData("ext::sh -c touch% /tmp/buildfarm-pwned")]
    public async Task Should_refuse_a_repository_that_would_run_a_command(string repository)
    {
        await Assert.ThrowsAsync<BuildSourceException>(() => Fetch("main", repository));

        Assert.False(File.Exists("/tmp/buildfarm-pwned"));
    }
}
