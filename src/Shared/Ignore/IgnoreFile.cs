namespace BuildFarm.Shared.Ignore;

/// <summary>The lines of a <c>.dockerignore</c> file read as buildkit's dockerignore.ReadAll reads them, then compiled.</summary>
internal static class IgnoreFile
{
    /// <exception cref="FormatException">A line is not a valid pattern; the message names the line.</exception>
    public static List<IgnorePattern> Read(string text)
    {
        var patterns = new List<IgnorePattern>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].EndsWith('\r') ? lines[n][..^1] : lines[n];
            if (n == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            var pattern = ReadLine(line);
            if (pattern is null)
            {
                continue;
            }

            try
            {
                patterns.Add(Compile(pattern));
            }
            catch (FormatException e)
            {
                throw new FormatException($".dockerignore line {n + 1}: {e.Message}", e);
            }
        }

        return patterns;
    }

    // '#' only comments in column one, then trim, then path.Clean the part after '!' and drop a leading '/'
    // so "/a" and "a" mean the same.
    private static string? ReadLine(string line)
    {
        if (line.StartsWith('#'))
        {
            return null;
        }

        var pattern = line.Trim();
        if (pattern.Length == 0)
        {
            return null;
        }

        var exception = pattern[0] == '!';
        if (exception)
        {
            pattern = pattern[1..].Trim();
        }

        if (pattern.Length > 0)
        {
            pattern = SlashPath.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        return exception ? "!" + pattern : pattern;
    }

    // patternmatcher.New cleans the whole line once more, '!' included, before splitting the '!' off.
    private static IgnorePattern Compile(string line)
    {
        var pattern = SlashPath.Clean(line.Trim());
        if (pattern[0] != '!')
        {
            return IgnorePattern.Compile(pattern, isException: false);
        }

        if (pattern.Length == 1)
        {
            throw new FormatException("illegal exclusion pattern: \"!\"");
        }

        return IgnorePattern.Compile(pattern[1..], isException: true);
    }
}
