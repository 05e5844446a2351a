namespace BuildFarm.Agent.Features.Builds;

/// <summary>realpath(3) in managed code: resolves every symlink and ".." the way the kernel will when the file is
/// opened, so a containment check on the result cannot be fooled by a link that points out of the repository.</summary>
internal static class RealPath
{
    const int MaxLinks = 40;

    public static string Resolve(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var pending = new LinkedList<string>(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "/";
        var links = 0;
        while (pending.First is { } next)
        {
            pending.RemoveFirst();
            var part = next.Value;
            if (part == ".")
                continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var candidate = Path.Join(current, part);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                current = candidate;
                continue;
            }
            if (++links > MaxLinks)
                throw new BuildSourceException($"too many levels of symbolic links in '{path}'");
            if (Path.IsPathRooted(target))
                current = "/";
            foreach (var targetPart in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.AddFirst(targetPart);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies inside it (both already resolved).</summary>
    public static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
