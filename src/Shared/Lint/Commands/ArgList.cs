namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// A program's arguments split the way getopt-style tools read them: <c>--name=value</c>, <c>--name value</c> and
/// <c>-Xvalue</c> for the options known to take a value, flags otherwise, operands in between, and <c>--</c> ending
/// the options.
/// </summary>
internal sealed class ArgList
{
    private readonly List<(string Name, string? Value)> _options = [];

    private ArgList()
    {
    }

    /// <summary>The words that are not options or option values, in order.</summary>
    public List<string> Operands { get; } = [];

    /// <param name="args">The words.</param>
    /// <param name="valued">The options that take the next word as their value.</param>
    /// <param name="start">Where to start reading, so a caller need not copy the tail of a command line.</param>
    public static ArgList Read(IReadOnlyList<string> args, IReadOnlySet<string> valued, int start = 0)
    {
        var list = new ArgList();
        for (var i = start; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                list.Operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (word.Length < 2 || word[0] != '-')
            {
                list.Operands.Add(word);
                continue;
            }

            var eq = word.StartsWith("--") ? word.IndexOf('=') : -1;
            if (eq > 0)
            {
                list._options.Add((word[..eq], word[(eq + 1)..]));
            }
            else if (valued.Contains(word))
            {
                list._options.Add((word, i + 1 < args.Count ? args[++i] : null));
            }
            else if (!word.StartsWith("--") && word.Length > 2 && valued.Contains(word[..2]))
            {
                list._options.Add((word[..2], word[2..]));
            }
            else
            {
                list._options.Add((word, null));
            }
        }

        return list;
    }

    /// <summary>Whether any of the options was given (short flags clustered as <c>-afy</c> are not split).</summary>
    public bool Has(params ReadOnlySpan<string> names)
    {
        foreach (var (name, _) in _options)
        {
            if (names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The values given to any of the options, in order.</summary>
    public List<string> Values(params ReadOnlySpan<string> names)
    {
        var values = new List<string>();
        foreach (var (name, value) in _options)
        {
            if (value is not null && names.Contains(name))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
