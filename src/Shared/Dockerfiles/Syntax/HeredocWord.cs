using BuildFarm.Shared.Dockerfiles.Shell;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>A word of the form <c>[n]&lt;&lt;[-]NAME</c> that opens a heredoc (parser.go ParseHeredoc).</summary>
internal sealed record HeredocWord(string Name, bool Expand, bool Chomp, int FileDescriptor)
{
    private static readonly VariableScope NoVariables = new();

    /// <summary>parser.go heredocsFromLine: lex the whole line keeping quotes and escapes, then test each word.</summary>
    /// <exception cref="ShellSyntaxException">A heredoc word cannot be lexed (parser.go fails the line too).</exception>
    public static List<HeredocWord> FromLine(string line)
    {
        var heredocs = new List<HeredocWord>();
        List<string> words;
        try
        {
            words = new ShellLexer('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true }
                .ProcessWords(line, NoVariables);
        }
        catch (ShellSyntaxException)
        {
            // parser.go ignores this error: a line that cannot be lexed simply has no heredocs.
            return heredocs;
        }

        foreach (var word in words)
        {
            if (Parse(word) is { } heredoc)
            {
                heredocs.Add(heredoc);
            }
        }

        return heredocs;
    }

    /// <summary>MustParseHeredoc: the heredoc a single argument opens, or null (also when it cannot be lexed).</summary>
    public static HeredocWord? TryParse(string word)
    {
        try
        {
            return Parse(word);
        }
        catch (ShellSyntaxException)
        {
            return null;
        }
    }

    private static HeredocWord? Parse(string word)
    {
        // ^(\d*)<<(-?)([^<]*)$
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        if (string.CompareOrdinal(word, digits, "<<", 0, 2) != 0)
        {
            return null;
        }

        var at = digits + 2;
        var chomp = at < word.Length && word[at] == '-';
        var rest = word[(chomp ? at + 1 : at)..];
        if (rest.Length == 0 || rest.Contains('<'))
        {
            return null;
        }

        // Lexed with and without quotes: a quote anywhere in the delimiter turns expansion of the body off.
        var words = new ShellLexer('\\') { SkipUnsetEnv = true }.ProcessWords(rest, NoVariables);
        if (words.Count != 1)
        {
            return null;
        }

        var raw = new ShellLexer('\\') { SkipUnsetEnv = true, RawQuotes = true }.ProcessWords(rest, NoVariables);
        if (raw.Count != 1)
        {
            throw new ShellSyntaxException($"internal lexing of heredoc produced inconsistent results: {rest}");
        }

        var expand = Quotes(words[0]) == Quotes(raw[0]);
        var fd = int.TryParse(word.AsSpan(0, digits), out var n) ? n : 0;
        return new HeredocWord(words[0], expand, chomp, fd);
    }

    private static int Quotes(string s) => s.Count(c => c is '\'' or '"');
}
