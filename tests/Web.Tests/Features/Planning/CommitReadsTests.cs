using BuildFarm.Hosting.Git;
using BuildFarm.Web.Features.Planning;

namespace BuildFarm.Web.Tests.Features.Planning;

/// <summary>A commit never changes, so git's answers about its files are kept; nothing else is.</summary>
public class CommitReadsTests
{
    const string Protocols = "file";

    static async Task<string> HeadAsync(LocalGitRepo repo) =>
        (await GitCommand.RunAsync(repo.Path, ["rev-parse", "HEAD"], Protocols, CancellationToken.None)).StdOut.Trim();

    static Task<GitCommand.Result> AskAsync(CommitReads reads, LocalGitRepo repo, string commit, string path) =>
        reads.RunAsync(repo.Path, ["cat-file", "blob", $"{commit}:{path}"], commit, Protocols, CancellationToken.None);

    [Fact]
    public async Task Should_answer_again_about_a_commit_without_git_even_once_the_repository_has_lost_its_objects()
    {
        using var repo = new LocalGitRepo().Write("Dockerfile", "FROM scratch\n");
        repo.Commit();
        var commit = await HeadAsync(repo);
        var reads = new CommitReads();
        var first = await AskAsync(reads, repo, commit, "Dockerfile");
        var missing = await AskAsync(reads, repo, commit, "requirements.txt");

        Directory.Delete(Path.Combine(repo.Path, ".git", "objects"), recursive: true);

        Assert.Equal(("FROM scratch\n", 0), (first.StdOut, first.ExitCode));
        Assert.Equal(first, await AskAsync(reads, repo, commit, "Dockerfile"));
        Assert.Contains("does not exist in '", missing.StdErr);
        Assert.Equal(missing, await AskAsync(reads, repo, commit, "requirements.txt"));
    }

    [Fact]
    public async Task Should_ask_git_every_time_about_a_ref_which_moves()
    {
        using var repo = new LocalGitRepo().Write("Dockerfile", "FROM scratch\n");
        repo.Commit();
        var reads = new CommitReads();
        Assert.Equal("FROM scratch\n", (await AskAsync(reads, repo, "main", "Dockerfile")).StdOut);

        repo.Write("Dockerfile", "FROM alpine:3.20\n").Commit();

        Assert.Equal("FROM alpine:3.20\n", (await AskAsync(reads, repo, "main", "Dockerfile")).StdOut);
    }

    [Fact]
    public async Task Should_ask_git_again_after_a_failure_that_is_not_a_missing_path()
    {
        using var repo = new LocalGitRepo().Write("Dockerfile", "FROM scratch\n");
        repo.Commit();
        var commit = await HeadAsync(repo);
        var objects = Path.Combine(repo.Path, ".git", "objects");
        var reads = new CommitReads();
        Directory.Move(objects, objects + ".away");

        var failed = await AskAsync(reads, repo, commit, "Dockerfile");
        Directory.Move(objects + ".away", objects);

        Assert.False(failed.Succeeded);
        Assert.Equal("FROM scratch\n", (await AskAsync(reads, repo, commit, "Dockerfile")).StdOut);
    }
}
