namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// The shell patterns of <c>${VAR#p}</c>, <c>${VAR%p}</c> and <c>${VAR/p/r}</c>: '*' is any run of characters,
/// '?' one character, '\' escapes '*', '?' and '\' (and is dropped before '}' and '/'); no bracket expressions,
/// as lex.go's convertShellPatternToRegex. Matched with a small NFA instead of a regex: linear in the value for
/// each search, so no input can make it backtrack.
/// </summary>
internal sealed partial class ShellPattern
{
    // Work budget per substitution: guards the quadratic corner of replace-all on huge values.
    private const long MaxSteps = 50_000_000;

    private const char Star = '\uFFFF';
    private const char AnyOne = '\uFFFE';

    private readonly char[] _tokens;
    private readonly bool[] _literal;
    private long _steps;

    private ShellPattern(List<(char Token, bool Literal)> tokens)
    {
        _tokens = tokens.Select(t => t.Token).ToArray();
        _literal = tokens.Select(t => t.Literal).ToArray();
    }

    public static ShellPattern Compile(string pattern)
    {
        var tokens = new List<(char, bool)>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    tokens.Add((Star, false));
                    break;
                case '?':
                    tokens.Add((AnyOne, false));
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

                    tokens.Add((escaped, true));
                    break;
                default:
                    tokens.Add((ch, true));
                    break;
            }
        }

        return new ShellPattern(tokens);
    }

    /// <summary>The value without its shortest (or longest) prefix matching the pattern.</summary>
    public string TrimPrefix(string value, bool longest) =>
        AnchoredMatch(value, reverse: false, longest) is { } length ? value[length..] : value;

    /// <summary>The value without its shortest (or longest) suffix matching the pattern.</summary>
    public string TrimSuffix(string value, bool longest) =>
        AnchoredMatch(value, reverse: true, longest) is { } length ? value[..^length] : value;

    private int? AnchoredMatch(string value, bool reverse, bool longest)
    {
        var m = _tokens.Length;
        var current = new bool[m + 1];
        var next = new bool[m + 1];
        current[0] = true;
        Close(current, reverse);
        int? found = null;
        for (var p = 0; ; p++)
        {
            if (current[m])
            {
                found = p;
                if (!longest)
                {
                    return found;
                }
            }

            if (p == value.Length)
            {
                return found;
            }

            var ch = value[reverse ? value.Length - 1 - p : p];
            Array.Clear(next);
            var alive = false;
            for (var k = 0; k < m; k++)
            {
                if (!current[k])
                {
                    continue;
                }

                Count();
                var (token, literal) = TokenAt(k, reverse);
                if (!literal && token == Star)
                {
                    next[k] = alive = true;
                }
                else if ((!literal && token == AnyOne) || (literal && token == ch))
                {
                    next[k + 1] = alive = true;
                }
            }

            if (!alive)
            {
                return found;
            }

            Close(next, reverse);
            (current, next) = (next, current);
        }
    }

    private (char Token, bool Literal) TokenAt(int k, bool reverse)
    {
        var i = reverse ? _tokens.Length - 1 - k : k;
        return (_tokens[i], _literal[i]);
    }

    private void Close(bool[] states, bool reverse)
    {
        for (var k = 0; k < _tokens.Length; k++)
        {
            if (states[k] && TokenAt(k, reverse) is (Star, false))
            {
                states[k + 1] = true;
            }
        }
    }

    private void CloseStarts(int[] starts)
    {
        for (var k = 0; k < _tokens.Length; k++)
        {
            if (starts[k] >= 0 && !_literal[k] && _tokens[k] == Star && (starts[k + 1] < 0 || starts[k] < starts[k + 1]))
            {
                starts[k + 1] = starts[k];
            }
        }
    }

    private void Count()
    {
        if (++_steps > MaxSteps)
        {
            throw new ShellSyntaxException("pattern substitution is too costly for this value");
        }
    }
}
