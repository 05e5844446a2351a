using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// The instructions BuildKit expands with the stage's scope before the step: ENV, LABEL, ARG, WORKDIR, USER,
/// STOPSIGNAL, EXPOSE and VOLUME. ENV and ARG then change the scope the later steps see; an ARG takes the caller's
/// build arg first, then its default, then the global ARG (or platform arg) value.
/// </summary>
internal sealed class ExpandedSteps(
    StepExpansion expansion,
    IReadOnlyDictionary<string, string> buildArgs,
    VariableScope globalValues,
    List<DockerfileError> errors)
{
    public DockerfileStep KeyValues(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        // Every key and value is expanded with the scope before the instruction, so "ENV a=1 b=$a" gives b the
        // earlier a (docs, "Environment replacement"); then the variables are set in order.
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count == 0)
        {
            errors.Add(new(node.StartLine, $"{keyword} requires at least one argument"));
        }

        var pairs = new List<(string Key, string Value)>();
        for (var i = 0; i + 1 < node.Args.Count; i += 2)
        {
            if (node.Args[i].Length == 0)
            {
                errors.Add(new(node.StartLine, $"{keyword} names can not be blank"));
                continue;
            }

            pairs.Add((Expand(node.Args[i], stage, node, unset), Expand(node.Args[i + 1], stage, node, unset)));
        }

        var step = NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset),
            pairs.SelectMany(p => new[] { p.Key, p.Value }).ToArray(), unset);
        if (node.Keyword == "env")
        {
            pairs.ForEach(p => stage.SetEnv(p.Key, p.Value));
        }

        return step;
    }

    public DockerfileStep Arg(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var declared = new List<(string Name, string? Value)>();
        var arguments = new List<string>();
        foreach (var (written, defaultValue) in ArgDeclarations.Read(node, errors))
        {
            var name = Expand(written, stage, node, unset);
            var expanded = defaultValue is null ? null : Expand(defaultValue, stage, node, unset);
            arguments.Add(expanded is null ? name : $"{name}={expanded}");

            // dispatchArg: the caller's build arg, else the default, else the global ARG (or platform arg) value.
            var value = buildArgs.TryGetValue(name, out var given) ? given
                : expanded ?? globalValues.Find(name)?.Value;
            declared.Add((name, value));
        }

        var step = NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset), arguments, unset);
        declared.ForEach(d => stage.DeclareArg(d.Name, d.Value));
        return step;
    }

    /// <summary>WORKDIR, USER and STOPSIGNAL: exactly one argument.</summary>
    public DockerfileStep Single(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count != 1)
        {
            errors.Add(new(node.StartLine, $"{keyword} requires exactly one argument"));
        }

        var args = node.Args.Select(a => Expand(a, stage, node, unset)).ToArray();
        return NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset), args, unset);
    }

    public DockerfileStep Expose(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        if (node.Args.Count == 0)
        {
            errors.Add(new(node.StartLine, "EXPOSE requires at least one argument"));
        }

        // dispatchExpose runs ProcessWords on each port, so a variable may hold several.
        var ports = node.Args.SelectMany(p => expansion.ExpandWords(p, stage.Expansion, node.StartLine, unset)).ToArray();
        return NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset), ports, unset);
    }

    public DockerfileStep Volume(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        if (node.Args.Count == 0)
        {
            errors.Add(new(node.StartLine, "VOLUME requires at least one argument"));
        }

        if (node.Args.Any(v => v.Trim().Length == 0))
        {
            errors.Add(new(node.StartLine, "VOLUME specified can not be an empty string"));
        }

        var volumes = node.Args.Select(v => Expand(v.Trim(), stage, node, unset)).ToArray();
        return NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset), volumes, unset);
    }

    private string Expand(string word, StageState stage, InstructionNode node, List<string> unset) =>
        expansion.Expand(word, stage.Expansion, node.StartLine, unset);
}
