using System.Globalization;
using System.Text.RegularExpressions;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Every stage's index and name, read before any step so that <c>COPY --from</c> may name a later stage (BuildKit
/// registers all stages before resolving --from). Names compare case-insensitively; a repeated name resolves to
/// its last stage, as BuildKit's statesByName map keeps the last one registered.
/// </summary>
internal sealed partial class StageNames
{
    private readonly Dictionary<string, List<int>> _byName = new(StringComparer.OrdinalIgnoreCase);

    public StageNames(IEnumerable<InstructionNode> nodes)
    {
        foreach (var node in nodes.Where(n => n.Keyword == "from"))
        {
            if (StageName(node.Args) is { } name)
            {
                if (!_byName.TryGetValue(name, out var indexes))
                {
                    _byName[name] = indexes = [];
                }

                indexes.Add(Count);
            }

            Count++;
        }
    }

    public int Count { get; }

    /// <summary>The stage name a FROM line's arguments give ("AS name"), lower-cased, or null.</summary>
    public static string? StageName(IReadOnlyList<string> args) =>
        args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase) ? args[2].ToLowerInvariant() : null;

    /// <summary>instructions/parse.go validStageName, applied to the lower-cased name.</summary>
    public static bool IsValid(string name) => ValidStageName().IsMatch(name);

    /// <summary>The stage FROM refers to: only stages before <paramref name="before"/> exist at that point.</summary>
    public int? Earlier(string name, int before)
    {
        if (!_byName.TryGetValue(name, out var indexes))
        {
            return null;
        }

        // Indexes are ascending: the last one below "before" is the latest stage registered under the name.
        var at = indexes.BinarySearch(before);
        var below = (at >= 0 ? at : ~at) - 1;
        return below >= 0 ? indexes[below] : null;
    }

    /// <summary>The stage a --from value names, by name or by index.</summary>
    /// <returns>The index, or null; <paramref name="badIndex"/> is set when the value is a number out of range.</returns>
    public int? Find(string value, out bool badIndex)
    {
        badIndex = false;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            badIndex = index < 0 || index >= Count;
            return badIndex ? null : index;
        }

        return Earlier(value, Count);
    }

    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex ValidStageName();
}
