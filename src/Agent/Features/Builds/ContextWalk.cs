using System.Formats.Tar;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Lists what belongs in a build context, in a fixed (ordinal) order so equal trees give equal tars.</summary>
/// <param name="alwaysSent">Context-relative paths sent even when the .dockerignore excludes them, as Docker does for
/// the Dockerfile and the .dockerignore itself.</param>
/// <param name="neverSent">Full paths left out whatever the .dockerignore says.</param>
/// <param name="limits">The walk stops at the first file past a limit, before an enormous context is listed in memory.</param>
/// <param name="contextName">The context as the build names it, for the refusal.</param>
internal sealed class ContextWalk(
    DockerIgnore ignore, IReadOnlyCollection<string> alwaysSent, IReadOnlyCollection<string> neverSent, ContextLimits limits, string contextName)
{
    int _files;
    long _bytes;

    public sealed record Entry(TarEntryType Kind, string Path, string FullPath, bool Executable, string? LinkTarget);

    const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public List<Entry> Collect(string context)
    {
        var entries = new List<Entry>();
        Walk(new DirectoryInfo(context), "", entries);
        return entries;
    }

    void Walk(DirectoryInfo directory, string prefix, List<Entry> entries)
    {
        foreach (var info in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (neverSent.Contains(info.FullName))
                continue;
            var path = prefix + info.Name;
            var forced = alwaysSent.Contains(path);
            if (info.LinkTarget is { } target)
            {
                // Links are sent as links, never followed: a link may point anywhere, its target is not context.
                if (forced || !ignore.IsExcluded(path, isDirectory: false))
                    entries.Add(new Entry(TarEntryType.SymbolicLink, path, info.FullName, false, target));
            }
            else if (info is DirectoryInfo child)
            {
                var excluded = ignore.IsExcluded(path, isDirectory: true);
                var holdsForced = alwaysSent.Any(p => p.StartsWith(path + "/", StringComparison.Ordinal));
                if (excluded && !holdsForced && ignore.CanSkipDirectory(path))
                    continue;
                var children = new List<Entry>();
                Walk(child, path + "/", children);
                // An excluded folder still travels when something inside it is kept, as BuildKit sends parents.
                if (!excluded || children.Count > 0)
                {
                    entries.Add(new Entry(TarEntryType.Directory, path, info.FullName, true, null));
                    entries.AddRange(children);
                }
            }
            else if (info is FileInfo file && (forced || !ignore.IsExcluded(path, isDirectory: false)))
            {
                _files++;
                _bytes += file.Length;
                if (limits.ContextRefusal(contextName, _bytes, _files, counting: true) is { } refusal)
                    throw new BuildSourceException(refusal);
                entries.Add(new Entry(TarEntryType.RegularFile, path, info.FullName, (info.UnixFileMode & AnyExecute) != 0, null));
            }
        }
    }
}
