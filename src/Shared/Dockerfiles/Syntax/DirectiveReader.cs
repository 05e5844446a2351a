namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// buildkit parser/directives.go DirectiveParser: lines matching <c>^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$</c>
/// with a known name (syntax, escape, check) are directives, until the first line that is not one: an
/// instruction, an empty line, any other comment (docs: "Once a comment, empty line or builder instruction has
/// been processed, BuildKit no longer looks for parser directives"). A repeated directive is an error.
/// </summary>
internal sealed class DirectiveReader
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public bool Done { get; private set; }

    /// <returns>The directive, or null when the line is not one; <paramref name="error"/> for a repeated directive.</returns>
    public ParserDirective? Read(ReadOnlySpan<char> line, int number, out string? error)
    {
        error = null;
        if (Done)
        {
            return null;
        }

        if (Match(line) is not var (name, value) || name is not ("syntax" or "escape" or "check"))
        {
            Done = true;
            return null;
        }

        if (!_seen.Add(name))
        {
            error = $"only one {name} parser directive can be used";
            return null;
        }

        return new ParserDirective(name, value, number);
    }

    private static (string Name, string Value)? Match(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty || line[0] != '#')
        {
            return null;
        }

        var i = SkipSpace(line, 1);
        var keyStart = i;
        if (i >= line.Length || !char.IsAsciiLetter(line[i]))
        {
            return null;
        }

        while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
        {
            i++;
        }

        var key = line[keyStart..i].ToString().ToLowerInvariant();
        i = SkipSpace(line, i);
        if (i >= line.Length || line[i] != '=')
        {
            return null;
        }

        var rest = line[(i + 1)..];
        if (rest.IsEmpty)
        {
            return null;
        }

        var value = rest[SkipSpace(rest, 0)..];
        var end = value.Length;
        while (end > 0 && IsSpace(value[end - 1]))
        {
            end--;
        }

        // "(.+?)" needs one character: an all-blank value leaves the regex its last blank.
        return (key, end > 0 ? value[..end].ToString() : rest[^1..].ToString());
    }

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    // RE2's \s: [\t\n\f\r ], no vertical tab.
    private static bool IsSpace(char c) => c is '\t' or '\n' or '\f' or '\r' or ' ';
}
