using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>The fields every step has, whatever its keyword; each keyword's reader adds its own with <c>with</c>.</summary>
internal static class NewStep
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFlags =
        new Dictionary<string, IReadOnlyList<string>>();

    // A null stage is an ONBUILD trigger's: it runs in a later build, so it sees no scope here.
    public static DockerfileStep Of(
        StageState? stage,
        InstructionNode node,
        Dictionary<string, List<string>> flags,
        string text,
        IReadOnlyList<string> arguments,
        List<string>? unset) => new()
    {
        StartLine = node.StartLine,
        EndLine = node.EndLine,
        Keyword = node.Keyword.ToUpperInvariant(),
        Text = text,
        DisplayName = text,
        Original = node.Original.Trim(),
        Flags = flags.Count == 0 ? NoFlags : flags.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value.ToArray()),
        Arguments = arguments,
        IsJsonForm = node.IsJson,
        ArgsInScope = stage?.Args.Snapshot() ?? [],
        EnvInScope = stage?.Env.Snapshot() ?? [],
        UnsetVariables = unset is null || unset.Count == 0 ? [] : unset.Distinct().ToArray(),
    };
}
