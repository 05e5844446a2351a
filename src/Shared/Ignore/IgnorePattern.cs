using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Ignore;

/// <summary>
/// One cleaned pattern, compiled the way moby/patternmatcher compiles it
/// (https://github.com/moby/patternmatcher/blob/main/patternmatcher.go, Pattern.compile):
/// plain text is compared exactly, "x/**" by prefix, a leading "**" by suffix, anything else by regex.
/// </summary>
internal sealed class IgnorePattern
{
    // Characters patternmatcher escapes: regex metacharacters with no meaning in filepath.Match.
    private const string RegexOnlyMetacharacters = ".+()|{}$";

    // patternmatcher maps '?' to "[^/]", one Go rune; a .NET char is a UTF-16 unit, so a surrogate pair counts as one.
    private const string AnyOneCharacter = @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^/])";

    // The regex engine's automaton grows faster than linearly with the stars in one pattern ("a*a*a*…": 14 MB at 64
    // stars, 247 MB and half a second per match at 250, found by fuzzing), and a repository's .dockerignore is read
    // by the web process when it plans a build. Real patterns hold a handful; past this many the line is refused.
    internal const int MaxStars = 64;

    private readonly MatchKind _kind;
    private readonly Regex? _regex;

    private IgnorePattern(string text, bool isException, MatchKind kind, Regex? regex)
    {
        Text = text;
        IsException = isException;
        _kind = kind;
        _regex = regex;
    }

    private enum MatchKind { Exact, Prefix, Suffix, Regex }

    /// <summary>The cleaned pattern without its leading '!'.</summary>
    public string Text { get; }

    /// <summary>True for a '!' line, which re-includes what earlier lines excluded.</summary>
    public bool IsException { get; }

    public static IgnorePattern Compile(string text, bool isException)
    {
        GlobSyntax.Check(text);
        if (CountStars(text) is var stars and > MaxStars)
        {
            throw new FormatException($"pattern \"{Preview(text)}\" has {stars} '*' wildcards; at most {MaxStars} are allowed in one line");
        }

        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var i = 0;
        while (i < text.Length)
        {
            var first = i == 0;
            var ch = text[i++];
            if (ch == '*')
            {
                if (i < text.Length && text[i] == '*')
                {
                    i++;
                    // "**/" is treated as "**": the slash is eaten so "**/x" also matches "x" at the root.
                    if (i < text.Length && text[i] == '/')
                    {
                        i++;
                    }

                    if (i == text.Length)
                    {
                        // A trailing "**" accepts everything below, as in .gitignore.
                        if (kind == MatchKind.Exact)
                        {
                            kind = MatchKind.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            kind = MatchKind.Regex;
                        }
                    }
                    else
                    {
                        regex.Append("(.*/)?");
                        kind = MatchKind.Regex;
                    }

                    if (first)
                    {
                        kind = MatchKind.Suffix;
                    }
                }
                else
                {
                    regex.Append("[^/]*");
                    kind = MatchKind.Regex;
                }
            }
            else if (ch == '?')
            {
                regex.Append(AnyOneCharacter);
                kind = MatchKind.Regex;
            }
            else if (RegexOnlyMetacharacters.Contains(ch))
            {
                regex.Append('\\').Append(ch);
            }
            else if (ch == '\\')
            {
                // GlobSyntax guarantees a character follows; the escape goes to the regex as written.
                regex.Append('\\').Append(text[i++]);
                if (char.IsHighSurrogate(text[i - 1]) && i < text.Length)
                {
                    regex.Append(text[i++]);
                }

                kind = MatchKind.Regex;
            }
            else if (ch is '[' or ']')
            {
                regex.Append(ch);
                kind = MatchKind.Regex;
            }
            else
            {
                regex.Append(ch);
            }
        }

        return new IgnorePattern(text, isException, kind, kind == MatchKind.Regex ? BuildRegex(text, regex) : null);
    }

    // Stars outside an escape; GlobSyntax has already checked that every backslash escapes something.
    private static int CountStars(string text)
    {
        var stars = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '*')
            {
                stars++;
            }
        }

        return stars;
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..80] + "…";

    public bool Matches(string path) => _kind switch
    {
        MatchKind.Exact => path == Text,
        MatchKind.Prefix => path.StartsWith(Text[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => MatchesSuffix(path, Text[2..]),
        _ => _regex!.IsMatch(path),
    };

    // "**/foo" matches "a/foo" by suffix and "foo" itself at the root.
    private static bool MatchesSuffix(string path, string suffix) =>
        path.EndsWith(suffix, StringComparison.Ordinal)
        || (suffix.Length > 0 && suffix[0] == '/' && path == suffix[1..]);

    private static Regex BuildRegex(string text, StringBuilder regex)
    {
        // Go's "$" without the m flag is \z in .NET. NonBacktracking keeps user patterns linear in the path length.
        regex.Append(@"\z");
        try
        {
            return new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new FormatException($"syntax error in pattern \"{text}\": {e.Message}", e);
        }
    }
}
