namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// Go's filepath.Match on a '/'-separated platform, which BuildKit applies to COPY/ADD wildcard sources:
/// '*' matches any run of characters but '/', '?' one character but '/', '[...]' a class ('^' negates, '-' ranges),
/// '\' escapes. Ported chunk by chunk from the Go source so the edge cases agree; it works on Unicode scalar values
/// as Go works on runes. A malformed pattern matches nothing (Go returns ErrBadPattern, and BuildKit fails the build).
/// </summary>
internal static class GoPathPattern
{
    private const string Meta = @"*?[\";

    public static bool HasWildcards(string source) => source.AsSpan().IndexOfAny(Meta) >= 0;

    /// <summary>The text as Unicode scalar values, the form <see cref="Matches"/> takes, so a pattern is converted once.</summary>
    public static int[] Runes(string text) => text.EnumerateRunes().Select(r => r.Value).ToArray();

    /// <summary>Whether the pattern matches the first <paramref name="length"/> values of the name.</summary>
    public static bool Matches(int[] pattern, int[] name, int length) => Match(pattern, new ArraySegment<int>(name, 0, length));

    private static bool Match(int[] pattern, ArraySegment<int> name)
    {
        int p = 0, n = 0;
        while (p < pattern.Length)
        {
            var star = ScanChunk(pattern, ref p, out var chunkStart);
            var chunk = (Start: chunkStart, End: p);
            var last = p == pattern.Length;
            if (star && chunk.Start == chunk.End)
            {
                // A trailing '*' matches the rest unless it holds a separator.
                return name.AsSpan(n).IndexOf('/') < 0;
            }

            var rest = MatchChunk(pattern, chunk, name, n);
            if (rest < 0 || (last && rest < name.Count))
            {
                rest = star ? AfterStar(pattern, chunk, name, n, last) : -1;
            }

            if (rest < 0)
            {
                return false;
            }

            n = rest;
        }

        return n == name.Count;
    }

    // The star may swallow characters, but never a separator; the last chunk must also reach the name's end.
    private static int AfterStar(int[] pattern, (int Start, int End) chunk, ArraySegment<int> name, int n, bool last)
    {
        for (var i = n; i < name.Count && name[i] != '/'; i++)
        {
            var rest = MatchChunk(pattern, chunk, name, i + 1);
            if (rest >= 0 && !(last && rest < name.Count))
            {
                return rest;
            }
        }

        return -1;
    }

    // Skips the leading stars and moves p past the chunk that follows, up to the next star outside a class.
    private static bool ScanChunk(int[] pattern, ref int p, out int chunkStart)
    {
        var star = false;
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
            star = true;
        }

        chunkStart = p;
        var inRange = false;
        for (; p < pattern.Length; p++)
        {
            if (pattern[p] == '\\' && p + 1 < pattern.Length)
            {
                p++;
            }
            else if (pattern[p] == '[')
            {
                inRange = true;
            }
            else if (pattern[p] == ']')
            {
                inRange = false;
            }
            else if (pattern[p] == '*' && !inRange)
            {
                break;
            }
        }

        return star;
    }

    // Matches pattern[start..end] against name from n; returns where the name continues, or -1. A malformed chunk
    // (bad class, dangling escape) never matches.
    private static int MatchChunk(int[] pattern, (int Start, int End) chunk, ArraySegment<int> name, int n)
    {
        var c = chunk.Start;
        while (c < chunk.End)
        {
            if (n >= name.Count)
            {
                return -1;
            }

            switch (pattern[c])
            {
                case '[':
                    if (!GoCharacterClass.Match(pattern, ref c, chunk.End, name[n]))
                    {
                        return -1;
                    }

                    break;
                case '?':
                    if (name[n] == '/')
                    {
                        return -1;
                    }

                    c++;
                    break;
                default:
                    if (pattern[c] == '\\' && ++c >= chunk.End)
                    {
                        return -1;
                    }

                    if (pattern[c] != name[n])
                    {
                        return -1;
                    }

                    c++;
                    break;
            }

            n++;
        }

        return n;
    }
}
