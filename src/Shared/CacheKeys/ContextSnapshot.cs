using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>A build context held in memory: the files <c>.dockerignore</c> keeps, and those it leaves out.</summary>
public sealed class ContextSnapshot : IContextSnapshot
{
    private ContextSnapshot(IReadOnlyList<ContextFile> files, IReadOnlyList<ContextFile> excluded)
    {
        Files = files;
        Excluded = excluded;
        Bytes = files.Sum(f => f.Size);
    }

    /// <inheritdoc />
    public IReadOnlyList<ContextFile> Files { get; }

    /// <summary>The files <c>.dockerignore</c> left out, ordered by path.</summary>
    public IReadOnlyList<ContextFile> Excluded { get; }

    /// <summary>The total size of <see cref="Files"/>.</summary>
    public long Bytes { get; }

    /// <summary>
    /// Keeps the files BuildKit would send. Paths are cleaned ("./a//b" reads "a/b"); when a path is given twice
    /// the last entry wins, as a later write to the same path would.
    /// </summary>
    /// <param name="files">Every file of the context folder (or of the tree at the commit), in any order.</param>
    /// <param name="ignore">The context's <c>.dockerignore</c>, or <see cref="DockerIgnore.Empty"/>.</param>
    /// <returns>The snapshot.</returns>
    public static ContextSnapshot FromFiles(IEnumerable<ContextFile> files, DockerIgnore ignore)
    {
        var byPath = new Dictionary<string, ContextFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = SlashPath.Clean(file.Path).TrimStart('/');
            if (path is "." or "")
            {
                continue;
            }

            byPath[path] = file with { Path = path };
        }

        var kept = new List<ContextFile>();
        var excluded = new List<ContextFile>();
        foreach (var file in byPath.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            (ignore.IsExcluded(file.Path) ? excluded : kept).Add(file);
        }

        return new ContextSnapshot(kept, excluded);
    }
}
