using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// parser/split_command.go: splits off the keyword, then reads leading words that start with "--" as builder
/// flags (quotes group, '\' escapes; a bare "--" ends the flags) and leaves the rest of the line as written.
/// </summary>
internal static class FlagExtractor
{
    public static (string Command, List<string> Flags, string Arguments) Split(string line)
    {
        var trimmed = line.AsSpan().Trim();
        var cut = trimmed.IndexOfAny(" \t\v\f\r");
        if (cut < 0)
        {
            return (trimmed.ToString(), [], "");
        }

        var command = trimmed[..cut].ToString();
        var after = cut;
        while (after < trimmed.Length && trimmed[after] is ' ' or '\t' or '\v' or '\f' or '\r')
        {
            after++;
        }

        var (flags, rest) = ExtractFlags(trimmed[after..].ToString());
        return (command, flags, rest.Trim());
    }

    private static (List<string> Flags, string Remainder) ExtractFlags(string line)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        var pos = 0;
        while (true)
        {
            while (pos < line.Length && char.IsWhiteSpace(line[pos]))
            {
                pos++;
            }

            if (pos == line.Length)
            {
                return (flags, "");
            }

            if (line[pos] != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
            {
                return (flags, line[pos..]);
            }

            word.Clear();
            var quoted = ReadWord(line, ref pos, word);
            var text = word.ToString();
            if (pos == line.Length)
            {
                if (text != "--" && (quoted || text.Length > 0))
                {
                    flags.Add(text);
                }

                return (flags, "");
            }

            if (text == "--")
            {
                return (flags, line[pos..]);
            }

            flags.Add(text);
        }
    }

    /// <returns>Whether a quote was seen (an empty quoted word still counts as a flag word).</returns>
    private static bool ReadWord(string line, ref int pos, StringBuilder word)
    {
        var quoted = false;
        char quote = '\0';
        for (; pos < line.Length; pos++)
        {
            var ch = line[pos];
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    return quoted;
                }

                if (ch is '\'' or '"')
                {
                    quote = ch;
                    quoted = true;
                    continue;
                }
            }
            else if (ch == quote)
            {
                quote = '\0';
                continue;
            }

            if (ch == '\\')
            {
                // A trailing backslash is dropped; otherwise it escapes the next character.
                if (pos + 1 == line.Length)
                {
                    continue;
                }

                ch = line[++pos];
            }

            word.Append(ch);
        }

        return quoted;
    }
}
