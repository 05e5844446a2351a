using System.Text;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Cli.Features.Plan;

/// <summary>The build context as BuildKit receives it, with what .dockerignore left out counted but never read.</summary>
sealed record ContextScan(string Root, string? IgnoreFile, ContextSnapshot Snapshot, int ExcludedCount, long ExcludedBytes);

/// <summary>
/// Walks a context folder like the agent's context tar does: links are sent as links (never followed), the
/// context's own .git is not source (git contexts leave it out, and the scheduler plans from <c>git ls-tree</c>),
/// and an excluded folder no exception can reach is only counted.
/// </summary>
static class ContextScanner
{
    public static ContextScan Scan(string root, DockerIgnore ignore, string? ignoreFile)
    {
        var walk = new Walk(ignore);
        walk.Directory(new DirectoryInfo(root), "", excluded: false);
        return new ContextScan(root, ignoreFile, ContextSnapshot.FromFiles(walk.Files, DockerIgnore.Empty), walk.ExcludedCount, walk.ExcludedBytes);
    }

    private sealed class Walk(DockerIgnore ignore)
    {
        public List<ContextFile> Files { get; } = [];
        public int ExcludedCount { get; private set; }
        public long ExcludedBytes { get; private set; }

        public void Directory(DirectoryInfo directory, string prefix, bool excluded)
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                var path = prefix + entry.Name;
                if (path == ".git" && entry is DirectoryInfo)
                {
                    continue;
                }

                if (entry.LinkTarget is { } target)
                {
                    var content = Encoding.UTF8.GetBytes(target);
                    File(path, excluded, content.Length, () => new ContextFile(path, GitBlob.Of(content), ContextFile.SymlinkMode, content.Length));
                }
                else if (entry is DirectoryInfo child)
                {
                    Directory(child, path + "/", excluded || ignore.CanSkipDirectory(path));
                }
                else if (entry is FileInfo file)
                {
                    var mode = (file.UnixFileMode & UnixFileMode.UserExecute) != 0 ? ContextFile.ExecutableMode : ContextFile.RegularMode;
                    File(path, excluded, file.Length, () => new ContextFile(path, GitBlob.OfFile(file.FullName), mode, file.Length));
                }
            }
        }

        private void File(string path, bool excluded, long size, Func<ContextFile> read)
        {
            if (excluded || ignore.IsExcluded(path))
            {
                ExcludedCount++;
                ExcludedBytes += size;
                return;
            }

            Files.Add(read());
        }
    }
}
