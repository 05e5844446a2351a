using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BuildFarm.Hosting.Git;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Ignore;
using BuildFarm.Shared.References;

namespace BuildFarm.Web.Features.Planning;

/// <summary>
/// Bare mirrors of the repositories the farm builds. The planner reads the Dockerfile and the blob ids of the
/// context straight from git objects, so nothing is ever checked out where builds are planned.
/// </summary>
public sealed class GitMirror(string root)
{
    const string RemoteProtocols = "https:http:ssh:git";
    readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    readonly CommitReads _reads = new();

    /// <summary>Fetches <paramref name="gitRef"/> into the repository's mirror and returns the commit it names.</summary>
    /// <exception cref="PlanningException">The repository or ref cannot be found or is not allowed.</exception>
    public async Task<string> ResolveAsync(string repository, string gitRef, bool allowLocal, CancellationToken ct)
    {
        var kind = GitRepositoryUrl.Classify(repository);
        if (kind == GitRepositoryKind.Invalid)
            throw new PlanningException($"'{repository}' is not a git repository URL");
        if (kind == GitRepositoryKind.Local && !allowLocal)
            throw new PlanningException("local repositories are not allowed on this farm");
        var protocols = kind == GitRepositoryKind.Local ? RemoteProtocols + ":file" : RemoteProtocols;
        var dir = MirrorOf(repository);
        var gate = _locks.GetOrAdd(dir, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (!Directory.Exists(Path.Combine(dir, "objects")))
            {
                Directory.CreateDirectory(dir);
                await MustAsync(dir, protocols, ct, "init", "-q", "--bare", dir);
                await MustAsync(dir, protocols, ct, "remote", "add", "origin", "--", repository);
            }
            var fetch = await GitCommand.RunAsync(dir, ["fetch", "-q", "--no-tags", "origin", "--", gitRef], protocols, ct);
            if (!fetch.Succeeded)
            {
                if (LooksMissing(fetch.StdErr))
                    throw new PlanningException($"repository not found: {repository} ({fetch.Reason})");
                // A commit sha is not a ref a server will hand out by name: fetch the branches and tags and look.
                var all = await GitCommand.RunAsync(dir, ["fetch", "-q", "origin", "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], protocols, ct);
                if (!all.Succeeded)
                    throw new PlanningException($"could not fetch {repository}: {all.Reason}");
                var commit = await GitCommand.RunAsync(dir, ["rev-parse", "-q", "--verify", "--end-of-options", gitRef + "^{commit}"], protocols, ct);
                return commit.Succeeded ? commit.StdOut.Trim() : throw new PlanningException($"ref '{gitRef}' not found in {repository}");
            }
            var head = await GitCommand.RunAsync(dir, ["rev-parse", "FETCH_HEAD^{commit}"], protocols, ct);
            return head.Succeeded ? head.StdOut.Trim() : throw new PlanningException($"ref '{gitRef}' not found in {repository}");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The file's text at the commit, or null when the commit has no such file.</summary>
    public async Task<string?> ReadFileAsync(string repository, string commit, string path, CancellationToken ct)
    {
        var result = await _reads.RunAsync(MirrorOf(repository), ["cat-file", "blob", $"{commit}:{path}"], commit, RemoteProtocols, ct);
        return result.Succeeded ? result.StdOut : null;
    }

    /// <summary>The size in bytes of the file at the commit, or null when the commit has no such file. Git answers from
    /// the object's header, so an enormous blob is measured without being read.</summary>
    public async Task<long?> BlobSizeAsync(string repository, string commit, string path, CancellationToken ct)
    {
        var result = await _reads.RunAsync(MirrorOf(repository), ["cat-file", "-s", $"{commit}:{path}"], commit, RemoteProtocols, ct);
        return result.Succeeded && long.TryParse(result.StdOut.Trim(), out var size) ? size : null;
    }

    /// <summary>Every file under <paramref name="contextPath"/> at the commit, as git blob ids, paths relative to the context.</summary>
    public async Task<IReadOnlyList<ContextFile>> ListFilesAsync(string repository, string commit, string contextPath, CancellationToken ct)
    {
        // git prints paths cleaned ("./app/" lists as "app/train.py"), so the prefix cut off them must be clean too.
        var clean = SlashPath.Clean(contextPath).TrimStart('/');
        var prefix = clean is "." or "" ? "" : clean + "/";
        var args = new List<string> { "ls-tree", "-r", "-l", "-z", "--full-tree", commit };
        if (prefix.Length > 0)
            args.AddRange(["--", prefix]);
        var result = await _reads.RunAsync(MirrorOf(repository), args, commit, RemoteProtocols, ct);
        if (!result.Succeeded)
            throw new PlanningException($"could not list {contextPath} at {commit[..Math.Min(12, commit.Length)]}: {result.Reason}");
        var files = new List<ContextFile>();
        // "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL" (git-ls-tree --long).
        foreach (var entry in result.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = entry.IndexOf('\t');
            var meta = entry[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (meta[1] != "blob")
                continue; // submodules (commit entries) are not sent in a build context
            var size = long.TryParse(meta[3], out var s) ? s : 0;
            files.Add(new ContextFile(entry[(tab + 1)..][prefix.Length..], meta[2], int.Parse(meta[0]), size));
        }
        return files;
    }

    string MirrorOf(string repository) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository)))[..24] + ".git");

    static async Task MustAsync(string dir, string protocols, CancellationToken ct, params string[] args)
    {
        var result = await GitCommand.RunAsync(dir, args, protocols, ct);
        if (!result.Succeeded)
            throw new PlanningException($"git {args[0]} failed: {result.Reason}");
    }

    static bool LooksMissing(string stderr) =>
        stderr.Contains("does not appear to be a git repository", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("Repository not found", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("not found", StringComparison.OrdinalIgnoreCase) && stderr.Contains("repository", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A build that cannot be planned; the message is shown to the person who submitted it.</summary>
public sealed class PlanningException(string message) : Exception(message);
