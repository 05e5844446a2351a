using System.Text.RegularExpressions;
using BuildFarm.Hosting.Git;
using Microsoft.Extensions.Caching.Memory;

namespace BuildFarm.Web.Features.Planning;

/// <summary>
/// Git's answers about the files of a commit, kept: a commit never changes, so neither does what <c>cat-file</c> and
/// <c>ls-tree</c> say about it. Teams submit one commit many times (a matrix of targets and build args, a rebuild, CI
/// retrying), and each submission read its Dockerfile, <c>.dockerignore</c> and file list again: four or five of
/// the six or seven git processes a plan starts (the sizes and texts of the Dockerfile and .dockerignore, the list). In the load bench's burst of 1,200 submissions, Web and its git processes took a fifth
/// of the host's CPU. The fetch that turns a ref into a commit still runs on every submission: branches move.
/// </summary>
sealed partial class CommitReads
{
    // Bounded by size: a monorepo's file list is megabytes, and a farm plans many repositories.
    readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = 64L << 20 });

    /// <summary>Runs git in <paramref name="dir"/>, or answers as it did before for the same question about the same
    /// commit. Only a full commit id pins the answer; anything else (a ref, a short id) runs every time.</summary>
    public async Task<GitCommand.Result> RunAsync(string dir, IReadOnlyList<string> args, string commit, string protocols, CancellationToken ct)
    {
        if (!FullCommitId().IsMatch(commit))
            return await GitCommand.RunAsync(dir, args, protocols, ct);
        var question = dir + "\0" + string.Join('\0', args);
        if (_answers.TryGetValue(question, out GitCommand.Result? known) && known is not null)
            return known;
        var answer = await GitCommand.RunAsync(dir, args, protocols, ct);
        // A failure is kept only where git says the commit has no such path; any other (killed, a full disk) may pass.
        if (answer.Succeeded || answer.StdErr.Contains("does not exist in '", StringComparison.Ordinal))
            _answers.Set(question, answer, new MemoryCacheEntryOptions { Size = 256 + 2L * (question.Length + answer.StdOut.Length + answer.StdErr.Length) });
        return answer;
    }

    // SHA-1 or SHA-256 object names, as rev-parse prints them.
    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex FullCommitId();
}
