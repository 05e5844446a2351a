using System.Globalization;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Every stage's index and name, read before any step so that <c>COPY --from</c> may name a later stage (BuildKit
/// registers all stages before resolving --from). Names compare case-insensitively; a repeated name resolves to
/// its last stage, as BuildKit's statesByName map keeps the last one registered.
/// </summary>
internal sealed class StageNames
{
    private readonly List<string?> _names = [];

    public StageNames(IEnumerable<InstructionNode> nodes)
    {
        foreach (var node in nodes.Where(n => n.Keyword == "from"))
        {
            _names.Add(StageName(node.Args));
        }
    }

    public int Count => _names.Count;

    /// <summary>The stage name a FROM line's arguments give ("AS name"), lower-cased, or null.</summary>
    public static string? StageName(IReadOnlyList<string> args) =>
        args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase) ? args[2].ToLowerInvariant() : null;

    /// <summary>The stage FROM refers to: only stages before <paramref name="before"/> exist at that point.</summary>
    public int? Earlier(string name, int before)
    {
        for (var i = Math.Min(before, _names.Count) - 1; i >= 0; i--)
        {
            if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The stage a --from value names, by name or by index.</summary>
    /// <returns>The index, or null; <paramref name="badIndex"/> is set when the value is a number out of range.</returns>
    public int? Find(string value, out bool badIndex)
    {
        badIndex = false;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            badIndex = index < 0 || index >= _names.Count;
            return badIndex ? null : index;
        }

        return Earlier(value, _names.Count);
    }
}
