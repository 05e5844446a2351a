namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// The NFA of a compiled shell pattern, state k meaning "the first k tokens matched", simulated over the value
/// one character at a time. It owns the work budget of one substitution, which may search many times.
/// </summary>
internal sealed class PatternAutomaton(IReadOnlyList<PatternToken> tokens)
{
    // Work budget per substitution: guards the quadratic corner of replace-all on huge values.
    private const long MaxSteps = 50_000_000;

    private readonly PatternToken[] _tokens = [.. tokens];
    private long _steps;

    /// <summary>The length of the shortest (or longest) prefix, or suffix when reversed, that matches; null if none.</summary>
    public int? AnchoredMatch(string value, bool reverse, bool longest)
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
                var token = TokenAt(k, reverse);
                if (token.IsStar)
                {
                    next[k] = alive = true;
                }
                else if (token.TakesOne(ch))
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

    /// <summary>The leftmost match at or after <paramref name="searchFrom"/>, the longest of those; (-1, -1) if none.</summary>
    public (int Start, int End) FindLeftmostLongest(string value, int searchFrom)
    {
        // Each state keeps the earliest start that reaches it: equal futures, so the earlier start dominates.
        var m = _tokens.Length;
        var current = new int[m + 1];
        var next = new int[m + 1];
        Array.Fill(current, -1);
        (int Start, int End) best = (-1, -1);
        for (var p = searchFrom; ; p++)
        {
            if (best.Start < 0 && current[0] < 0)
            {
                current[0] = p;
            }

            CloseStarts(current);
            if (current[m] >= 0 && (best.Start < 0 || current[m] < best.Start || current[m] == best.Start))
            {
                best = (current[m], p);
            }

            if (p == value.Length)
            {
                return best;
            }

            Array.Fill(next, -1);
            var alive = false;
            for (var k = 0; k < m; k++)
            {
                var start = current[k];
                if (start < 0 || (best.Start >= 0 && start > best.Start))
                {
                    continue;
                }

                Count();
                var target = _tokens[k].IsStar ? k : _tokens[k].TakesOne(value[p]) ? k + 1 : -1;
                if (target >= 0 && (next[target] < 0 || start < next[target]))
                {
                    next[target] = start;
                    alive = true;
                }
            }

            if (!alive && best.Start >= 0)
            {
                return best;
            }

            (current, next) = (next, current);
        }
    }

    private PatternToken TokenAt(int k, bool reverse) => _tokens[reverse ? _tokens.Length - 1 - k : k];

    private void Close(bool[] states, bool reverse)
    {
        for (var k = 0; k < _tokens.Length; k++)
        {
            if (states[k] && TokenAt(k, reverse).IsStar)
            {
                states[k + 1] = true;
            }
        }
    }

    private void CloseStarts(int[] starts)
    {
        for (var k = 0; k < _tokens.Length; k++)
        {
            if (starts[k] >= 0 && _tokens[k].IsStar && (starts[k + 1] < 0 || starts[k] < starts[k + 1]))
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
