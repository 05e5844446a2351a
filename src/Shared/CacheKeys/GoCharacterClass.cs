namespace BuildFarm.Shared.CacheKeys;

/// <summary>A '[...]' class of Go's filepath.Match: '^' negates, '-' ranges, '\' escapes.</summary>
internal static class GoCharacterClass
{
    /// <summary>Consumes the class that starts at pattern[c]; false when it is malformed or does not accept the character.</summary>
    public static bool Match(int[] pattern, ref int c, int end, int character)
    {
        c++;
        var negated = c < end && pattern[c] == '^';
        if (negated)
        {
            c++;
        }

        var match = false;
        for (var ranges = 0; ; ranges++)
        {
            if (c < end && pattern[c] == ']' && ranges > 0)
            {
                c++;
                return match != negated;
            }

            if (!Escaped(pattern, ref c, end, out var low))
            {
                return false;
            }

            var high = low;
            if (pattern[c] == '-')
            {
                c++;
                if (!Escaped(pattern, ref c, end, out high))
                {
                    return false;
                }
            }

            match |= low <= character && character <= high;
        }
    }

    // Go's getEsc: one possibly escaped character that must not be the chunk's last.
    private static bool Escaped(int[] pattern, ref int c, int end, out int character)
    {
        character = 0;
        if (c >= end || pattern[c] == '-' || pattern[c] == ']')
        {
            return false;
        }

        if (pattern[c] == '\\' && ++c >= end)
        {
            return false;
        }

        character = pattern[c++];
        return c < end;
    }
}
