using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// What one COPY/ADD source (or bind-mount source) takes from the context, with Docker's rules: the path is read
/// from the context root ("/", "./" and ".." cannot leave it), "." is the whole context, a directory brings
/// everything below it, and a wildcard source selects every path filepath.Match accepts, a matched directory again
/// with all it holds. Snapshots list files only, so a directory is "any path below it".
/// </summary>
internal static class ContextSelection
{
    public static IReadOnlyList<ContextFile> Select(IReadOnlyList<ContextFile> files, string source)
    {
        var path = Normalize(source);
        if (path.Length == 0)
        {
            return files;
        }

        return GoPathPattern.HasWildcards(path) ? Wildcard(files, path) : Literal(files, path);
    }

    /// <summary>True for ADD sources BuildKit fetches instead of reading from the context.</summary>
    public static bool IsRemote(string source) =>
        source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal);

    // BuildKit cleans sources as paths under "/", so "../x" is "x" and "/" or "." is the root ("" here).
    private static string Normalize(string source)
    {
        var clean = SlashPath.Clean("/" + source);
        return clean.TrimStart('/');
    }

    private static IReadOnlyList<ContextFile> Literal(IReadOnlyList<ContextFile> files, string path)
    {
        var selected = new List<ContextFile>();
        var exact = BinarySearch(files, path);
        if (exact < files.Count && files[exact].Path == path)
        {
            selected.Add(files[exact]);
        }

        // Ordinal order keeps every path under "dir/" in one run.
        var prefix = path + "/";
        for (var i = BinarySearch(files, prefix); i < files.Count && files[i].Path.StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            selected.Add(files[i]);
        }

        return selected;
    }

    private static IReadOnlyList<ContextFile> Wildcard(IReadOnlyList<ContextFile> files, string pattern)
    {
        var compiled = GoPathPattern.Runes(pattern);
        return files.Where(f => MatchesItselfOrAParent(compiled, GoPathPattern.Runes(f.Path))).ToArray();
    }

    // A matched directory brings everything below it, so a file is selected when any of its parents matches.
    private static bool MatchesItselfOrAParent(int[] pattern, int[] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '/' && GoPathPattern.Matches(pattern, path, i))
            {
                return true;
            }
        }

        return GoPathPattern.Matches(pattern, path, path.Length);
    }

    // The first index whose path is not ordinally less than the key.
    private static int BinarySearch(IReadOnlyList<ContextFile> files, string key)
    {
        int low = 0, high = files.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(files[middle].Path, key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
