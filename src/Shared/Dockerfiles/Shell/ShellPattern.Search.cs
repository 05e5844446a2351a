namespace BuildFarm.Shared.Dockerfiles.Shell;

internal sealed partial class ShellPattern
{
    private (int Start, int End) FindLeftmostLongest(string value, int searchFrom)
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
                var target = !_literal[k] && _tokens[k] == Star ? k
                    : (!_literal[k] && _tokens[k] == AnyOne) || (_literal[k] && _tokens[k] == value[p]) ? k + 1
                    : -1;
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
}
