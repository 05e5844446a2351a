namespace BuildFarm.Shared.Ignore;

/// <summary>Go's path.Clean for '/'-separated paths, which Docker applies to every ignore pattern.</summary>
internal static class SlashPath
{
    // Same rules as Go's path.Clean: collapse "//", drop ".", let ".." eat the element before it,
    // drop ".." right after the root, and answer "." for an empty result.
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
