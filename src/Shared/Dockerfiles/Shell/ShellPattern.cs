using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// The shell patterns of <c>${VAR#p}</c>, <c>${VAR%p}</c> and <c>${VAR/p/r}</c>: '*' is any run of characters,
/// '?' one character, '\' escapes '*', '?' and '\' (and is dropped before '}' and '/'); no bracket expressions,
/// as lex.go's convertShellPatternToRegex. Matched with a small NFA instead of a regex: linear in the value for
/// each search, so no input can make it backtrack.
/// </summary>
internal sealed class ShellPattern
{
    private readonly PatternAutomaton _automaton;

    private ShellPattern(PatternAutomaton automaton) => _automaton = automaton;

    /// <exception cref="ShellSyntaxException">The pattern holds an escape other than \*, \? and \\.</exception>
    public static ShellPattern Compile(string pattern)
    {
        var tokens = new List<PatternToken>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    tokens.Add(PatternToken.Star);
                    break;
                case '?':
                    tokens.Add(PatternToken.AnyOne);
                    break;
                case '\\' when i + 1 < pattern.Length && pattern[i + 1] is '}' or '/':
                    break;
                case '\\':
                    var escaped = i + 1 < pattern.Length ? pattern[++i] : '\0';
                    if (escaped is not ('*' or '?' or '\\'))
                    {
                        throw new ShellSyntaxException(
                            $"invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'");
                    }

                    tokens.Add(PatternToken.Literal(escaped));
                    break;
                default:
                    tokens.Add(PatternToken.Literal(ch));
                    break;
            }
        }

        return new ShellPattern(new PatternAutomaton(tokens));
    }

    /// <summary>The value without its shortest (or longest) prefix matching the pattern.</summary>
    public string TrimPrefix(string value, bool longest) =>
        _automaton.AnchoredMatch(value, reverse: false, longest) is { } length ? value[length..] : value;

    /// <summary>The value without its shortest (or longest) suffix matching the pattern.</summary>
    public string TrimSuffix(string value, bool longest) =>
        _automaton.AnchoredMatch(value, reverse: true, longest) is { } length ? value[..^length] : value;

    /// <summary>Replaces the leftmost-longest match (or every non-overlapping match) with the replacement.</summary>
    public string Replace(string value, string replacement, bool all)
    {
        var result = new StringBuilder(value.Length);
        var copied = 0;
        var searchFrom = 0;
        while (searchFrom <= value.Length && _automaton.FindLeftmostLongest(value, searchFrom) is var (start, end) && start >= 0)
        {
            result.Append(value, copied, start - copied);
            // Like Go's ReplaceAllString: an empty match right after the previous match is not replaced again.
            if (end > copied || start == 0)
            {
                result.Append(replacement);
            }

            copied = end;
            searchFrom = end > start ? end : end + 1;
            if (!all)
            {
                break;
            }
        }

        return result.Append(value, copied, value.Length - copied).ToString();
    }
}
