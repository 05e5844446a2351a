using BuildFarm.Hosting.Git;
using System.Text.RegularExpressions;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Fetches one ref of a git repository into an empty folder, shallow when the server allows it.</summary>
public static partial class GitSource
{
    const string RemoteProtocols = "https:http:ssh:git";

    /// <summary>Checks <paramref name="gitRef"/> out (detached) in <paramref name="workDir"/>, which must be empty or
    /// missing, and returns the commit sha.</summary>
    /// <exception cref="BuildSourceException">The repository or ref is refused or cannot be found.</exception>
    public static async Task<string> FetchAsync(string repository, string gitRef, string workDir, bool allowLocal, CancellationToken ct)
    {
        var local = ValidateRepository(repository, allowLocal);
        ValidateRef(gitRef);
        var protocols = local ? RemoteProtocols + ":file" : RemoteProtocols;
        if (Directory.Exists(workDir) && Directory.EnumerateFileSystemEntries(workDir).Any())
            throw new InvalidOperationException($"git checkout folder {workDir} must be empty");
        Directory.CreateDirectory(workDir);

        Task<GitCommand.Result> Git(params string[] args) => GitCommand.RunAsync(workDir, args, protocols, ct);
        async Task Must(params string[] args)
        {
            var result = await Git(args);
            if (!result.Succeeded)
                throw new BuildSourceException($"git {args[0]} failed for {repository}: {result.Reason}");
        }

        await Must("init", "-q", Path.GetFullPath(workDir));
        await Must("remote", "add", "origin", "--", repository);

        var shallow = await Git("fetch", "-q", "--no-tags", "--depth", "1", "origin", gitRef);
        var checkout = "FETCH_HEAD";
        if (!shallow.Succeeded)
        {
            if (IsMissingRepository(shallow.StdErr))
                throw new BuildSourceException($"repository not found: {repository} ({shallow.Reason})");
            // Servers that only serve advertised refs refuse a commit by sha (and nobody serves a short sha):
            // fetch everything and look for the commit locally.
            if (!CommitLike().IsMatch(gitRef))
                throw NotFoundOrFailed(shallow);
            var full = await Git("fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            if (!full.Succeeded)
                throw NotFoundOrFailed(full);
            var commit = await Git("rev-parse", "-q", "--verify", "--end-of-options", gitRef + "^{commit}");
            if (!commit.Succeeded)
                throw new BuildSourceException($"ref '{gitRef}' not found in {repository}");
            checkout = commit.StdOut.Trim();
        }

        await Must("-c", "advice.detachedHead=false", "checkout", "-q", "--detach", checkout);
        var head = await Git("rev-parse", "HEAD");
        return head.Succeeded ? head.StdOut.Trim() : throw new BuildSourceException($"git rev-parse failed: {head.Reason}");

        BuildSourceException NotFoundOrFailed(GitCommand.Result result) =>
            result.StdErr.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase)
            || result.StdErr.Contains("not our ref", StringComparison.OrdinalIgnoreCase)
            || result.StdErr.Contains("unadvertised object", StringComparison.OrdinalIgnoreCase)
                ? new BuildSourceException($"ref '{gitRef}' not found in {repository}")
                : new BuildSourceException($"git fetch of '{gitRef}' from {repository} failed: {result.Reason}");
    }

    /// <summary>Returns whether the repository is local (a path or file:// URL).</summary>
    static bool ValidateRepository(string repository, bool allowLocal)
    {
        if (string.IsNullOrWhiteSpace(repository) || repository.StartsWith('-') || repository.Any(char.IsControl))
            throw new BuildSourceException($"repository '{repository}' is not a git URL");
        // "transport::address" runs a remote helper, and ext:: runs any command: never from a build request.
        if (repository.Contains("::", StringComparison.Ordinal))
            throw new BuildSourceException($"repository '{repository}' uses a git remote helper, which the farm does not allow");
        var remote = (Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
            || ScpLike().IsMatch(repository);
        if (!remote && !allowLocal)
            throw new BuildSourceException($"repository '{repository}' is local; this agent only builds from remote repositories (https://, ssh://, git@host:path)");
        return !remote;
    }

    static void ValidateRef(string gitRef)
    {
        // Git's own ref rules plus no leading '-' (it would be read as an option) and no ':' (a refspec that writes refs).
        if (string.IsNullOrEmpty(gitRef) || gitRef.StartsWith('-') || gitRef.Contains("..") || gitRef.Contains("@{")
            || gitRef.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is ':' or '?' or '*' or '[' or '\\' or '^' or '~'))
            throw new BuildSourceException($"ref '{gitRef}' is not a valid git branch, tag or commit");
    }

    static bool IsMissingRepository(string stderr) =>
        stderr.Contains("does not appear to be a git repository", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("repository not found", StringComparison.OrdinalIgnoreCase)
        || (stderr.Contains("repository '", StringComparison.OrdinalIgnoreCase) && stderr.Contains("' not found", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex CommitLike();

    // user@host:path, as git reads it: no slash before the colon.
    [GeneratedRegex(@"^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/\\]")]
    private static partial Regex ScpLike();
}
