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

    public static ArgList Read(IReadOnlyList<string> args, IReadOnlySet<string> valued)
    {
        var list = new ArgList();
        for (var i = 0; i < args.Count; i++)
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
    public bool Has(params string[] names) => _options.Any(o => names.Contains(o.Name));

    /// <summary>The values given to any of the options, in order.</summary>
    public IEnumerable<string> Values(params string[] names) =>
        _options.Where(o => o.Value is not null && names.Contains(o.Name)).Select(o => o.Value!);
}
