namespace BuildFarm.Shared.Ignore;

/// <summary>
/// Go's path.Clean for '/'-separated paths, which Docker applies to every ignore pattern and git to every pathspec;
/// the planner cleans context paths with it so they match what git prints back.
/// </summary>
public static class SlashPath
{
    /// <summary>
    /// The shortest equivalent path: "//" collapsed, "." dropped, ".." eating the element before it (and dropped right
    /// after the root), "." for an empty result; the same answers as Go's path.Clean.
    /// </summary>
    /// <param name="path">A '/'-separated path, rooted or relative.</param>
    /// <returns>The cleaned path, e.g. "app" for "./app/" and "a/../app".</returns>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        if (rooted)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }
}
