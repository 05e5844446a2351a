using System.Formats.Tar;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>What went into a context tar. <paramref name="Dockerfile"/> is the Dockerfile's path inside the tar, for
/// the engine's <c>dockerfile</c> parameter.</summary>
public sealed record BuildContextInfo(string Dockerfile, int Files, long Bytes);

/// <summary>Writes a build context as Docker's CLI would send it: the context folder minus what its .dockerignore
/// excludes, the Dockerfile and .dockerignore always included.</summary>
public static class BuildContext
{
    /// <exception cref="BuildSourceException">The context or Dockerfile is missing, lies outside the repository, or is
    /// over <paramref name="limits"/> (checked before a byte of the tar is written).</exception>
    public static async Task<BuildContextInfo> WriteTarAsync(
        string repoRoot, string contextPath, string dockerfilePath, Stream output, CancellationToken ct, ContextLimits? limits = null)
    {
        limits ??= ContextLimits.Default;
        var repo = RealPath.Resolve(repoRoot);
        var context = RealPath.Resolve(Path.Join(repo, Relative(contextPath, "context")));
        if (!RealPath.IsInside(context, repo))
            throw new BuildSourceException($"context '{contextPath}' is outside the repository");
        if (!Directory.Exists(context))
            throw new BuildSourceException($"context '{contextPath}' is not a folder in the repository");

        var dockerfile = RealPath.Resolve(Path.Join(context, Relative(dockerfilePath, "Dockerfile")));
        if (!RealPath.IsInside(dockerfile, context))
            throw new BuildSourceException($"Dockerfile '{dockerfilePath}' is outside the context '{contextPath}'");
        if (!File.Exists(dockerfile))
            throw new BuildSourceException($"Dockerfile '{dockerfilePath}' not found in context '{contextPath}'");
        if (limits.DockerfileRefusal(dockerfilePath, new FileInfo(dockerfile).Length) is { } tooBig)
            throw new BuildSourceException(tooBig);
        var dockerfileInTar = Path.GetRelativePath(context, dockerfile).Replace('\\', '/');

        // The checkout's own .git is not source: BuildKit leaves it out of git contexts too, and it differs on every
        // fetch, so sending it would defeat the cache for any "COPY . .".
        var entries = new ContextWalk(ReadIgnore(context), [dockerfileInTar, ".dockerignore"], [Path.Join(repo, ".git")], limits, contextPath).Collect(context);
        long bytes = 0;
        await using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                ct.ThrowIfCancellationRequested();
                bytes += await WriteEntryAsync(writer, entry, ct);
            }
        }
        return new BuildContextInfo(dockerfileInTar, entries.Count(e => e.Kind == TarEntryType.RegularFile), bytes);
    }

    static string Relative(string path, string what)
    {
        if (Path.IsPathRooted(path))
            throw new BuildSourceException($"{what} path '{path}' must be relative to the repository");
        return path.Length == 0 ? "." : path;
    }

    static DockerIgnore ReadIgnore(string context)
    {
        var file = Path.Join(context, ".dockerignore");
        if (!File.Exists(file))
            return DockerIgnore.Empty;
        // A committed link to a file of the agent's would be read here, and a refused line is quoted in the build's
        // error: the agent's file would show on the build page.
        if (!RealPath.IsInside(RealPath.Resolve(file), context))
            throw new BuildSourceException(".dockerignore links outside the context; commit the file itself");
        try
        {
            return DockerIgnore.Parse(File.ReadAllText(file));
        }
        catch (FormatException e)
        {
            throw new BuildSourceException(e.Message, e);
        }
    }

    static async Task<long> WriteEntryAsync(TarWriter writer, ContextWalk.Entry entry, CancellationToken ct)
    {
        // GNU, not PAX: the engine decides whether the upload is a tar or a bare Dockerfile by parsing its first header
        // block alone, which fails on a PAX extended header (and .NET names those after its process id, which would
        // also make equal contexts differ). Owner and times are fixed so the same files always give the same tar.
        // Modes are reduced to what git records (executable or not): a checkout's group/other bits come from the
        // agent's umask, and BuildKit keys COPY on mode, so keeping them would make agents disagree about cache hits.
        var tar = new GnuTarEntry(entry.Kind, entry.Kind == TarEntryType.Directory ? entry.Path + "/" : entry.Path)
        {
            ModificationTime = DateTimeOffset.UnixEpoch,
            AccessTime = DateTimeOffset.UnixEpoch,
            ChangeTime = DateTimeOffset.UnixEpoch,
            Uid = 0,
            Gid = 0,
            UserName = "",
            GroupName = "",
            Mode = entry.Kind switch
            {
                TarEntryType.SymbolicLink => (UnixFileMode)0b111_111_111,
                TarEntryType.RegularFile when !entry.Executable => (UnixFileMode)0b110_100_100,
                _ => (UnixFileMode)0b111_101_101,
            },
        };
        if (entry.Kind == TarEntryType.SymbolicLink)
            tar.LinkName = entry.LinkTarget!;
        if (entry.Kind != TarEntryType.RegularFile)
        {
            await writer.WriteEntryAsync(tar, ct);
            return 0;
        }
        await using var data = File.OpenRead(entry.FullPath);
        tar.DataStream = data;
        await writer.WriteEntryAsync(tar, ct);
        return data.Length;
    }
}
