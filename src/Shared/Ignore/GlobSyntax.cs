namespace BuildFarm.Shared.Ignore;

/// <summary>
/// The syntax check patternmatcher runs by calling Go's filepath.Match(pattern, "."), which since Go 1.16
/// validates the whole pattern: a character class must close and hold at least one item, a range bound
/// cannot be '-' or ']', and a backslash must escape something.
/// </summary>
internal static class GlobSyntax
{
    public static void Check(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        throw Bad(pattern);
                    }

                    i += 2;
                    break;
                case '[':
                    i = CheckClass(pattern, i + 1);
                    break;
                default:
                    i++;
                    break;
            }
        }
    }

    // Returns the index after the closing ']'.
    private static int CheckClass(string pattern, int i)
    {
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        for (var ranges = 0; ; ranges++)
        {
            if (ranges > 0 && i < pattern.Length && pattern[i] == ']')
            {
                return i + 1;
            }

            i = ClassCharacter(pattern, i);
            if (pattern[i] == '-')
            {
                i = ClassCharacter(pattern, i + 1);
            }
        }
    }

    // Go's getEsc: one (possibly escaped) character, and the class must not end right after it.
    private static int ClassCharacter(string pattern, int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']')
        {
            throw Bad(pattern);
        }

        if (pattern[i] == '\\' && ++i >= pattern.Length)
        {
            throw Bad(pattern);
        }

        i += char.IsHighSurrogate(pattern[i]) && i + 1 < pattern.Length ? 2 : 1;
        if (i >= pattern.Length)
        {
            throw Bad(pattern);
        }

        return i;
    }

    private static FormatException Bad(string pattern) => new($"syntax error in pattern \"{pattern}\"");
}
