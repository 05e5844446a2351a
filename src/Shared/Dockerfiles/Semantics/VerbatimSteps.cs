using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// The instructions whose arguments BuildKit keeps as written, for the shell or the image config: RUN, CMD,
/// ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER, and ONBUILD's trigger. Only RUN's mounts and vertex name expand.
/// </summary>
internal sealed class VerbatimSteps(StepExpansion expansion, StageReferences references, List<DockerfileError> errors)
{
    public DockerfileStep Run(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var mounts = flags.GetValueOrDefault("mount") is { } values
            ? values.Select(v => Mount(stage, node, v, unset)).ToArray()
            : [];
        var heredocs = node.Heredocs.Select(h => h with { Content = StepText.Chomp(h) }).ToArray();

        // The exec's arguments keep their variables for the shell; the vertex name shows set ones substituted,
        // plus a summary of a lone heredoc (dispatchRun, summarizeHeredoc).
        var text = StepText.UppercaseCommand(node.Original.Trim());
        var shown = node.Original.Trim();
        if (node.Heredocs.Count > 0 && node.Args is [var only] && !node.IsJson && HeredocWord.TryParse(only) is not null)
        {
            shown += $" ({Summarize(node.Heredocs[0].Content)})";
        }

        return NewStep.Of(stage, node, flags, text, node.Args, unset) with
        {
            DisplayName = expansion.RunDisplayName(shown, stage),
            Mounts = mounts,
            Heredocs = heredocs,
        };
    }

    public DockerfileStep OnBuild(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags)
    {
        // parseOnBuild: the trigger is kept, not run; only its keyword is checked here.
        if (node.Inner is not { } inner)
        {
            errors.Add(new(node.StartLine, "ONBUILD requires at least one argument"));
        }
        else if (inner.Keyword == "onbuild")
        {
            errors.Add(new(node.StartLine, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
        }
        else if (inner.Keyword is "maintainer" or "from")
        {
            errors.Add(new(node.StartLine, $"{inner.Keyword.ToUpperInvariant()} isn't allowed as an ONBUILD trigger"));
        }

        var trigger = node.Inner is { } t ? Trigger(t, node) : null;
        return NewStep.Of(stage, node, flags, StepText.UppercaseCommand(node.Original.Trim()), node.Args, null) with { OnBuild = trigger };
    }

    /// <summary>CMD, ENTRYPOINT, SHELL, HEALTHCHECK and MAINTAINER: checked, never expanded.</summary>
    public DockerfileStep Other(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        switch (node.Keyword)
        {
            case "shell" when node.Args.Count == 0:
            case "healthcheck" when node.Args.Count == 0:
                errors.Add(new(node.StartLine, $"{keyword} requires at least one argument"));
                break;
            case "shell" when !node.IsJson:
                errors.Add(new(node.StartLine, "SHELL requires the arguments to be in JSON form"));
                break;
            case "maintainer" when node.Args.Count != 1:
                errors.Add(new(node.StartLine, "MAINTAINER requires exactly one argument"));
                break;
            case "healthcheck":
                CheckHealthcheck(node);
                break;
        }

        return NewStep.Of(stage, node, flags, StepText.UppercaseCommand(node.Original.Trim()), node.Args, null);
    }

    private RunMount Mount(StageState stage, InstructionNode node, string value, List<string> unset)
    {
        var mount = MountParser.Parse(value, v => expansion.Expand(v, stage.Expansion, node.StartLine, unset), out var error);
        if (error is not null)
        {
            errors.Add(new(node.StartLine, error));
            return mount;
        }

        return mount.From is { } from ? mount with { FromStageIndex = references.Resolve(from, $"RUN --mount from={from}", node.StartLine) } : mount;
    }

    private static string Summarize(string body)
    {
        var lines = body.Trim().Replace("\r\n", "\n").Split('\n');
        return lines.Length > 1 ? lines[0] + "..." : lines[0];
    }

    private static DockerfileStep Trigger(InstructionNode inner, InstructionNode outer)
    {
        inner.StartLine = outer.StartLine;
        inner.EndLine = outer.EndLine;
        inner.Heredocs.AddRange(outer.Heredocs);
        var flags = FlagSet.Parse(inner.Keyword, inner.Flags, out _);
        var isCopy = inner.Keyword is "copy" or "add" && inner.Args.Count >= 2;
        return NewStep.Of(null, inner, flags, StepText.UppercaseCommand(inner.Original.Trim()), inner.Args, null) with
        {
            Heredocs = inner.Heredocs.Select(h => h with { Content = StepText.Chomp(h) }).ToArray(),
            SourcePaths = isCopy ? inner.Args.Take(inner.Args.Count - 1).Where(a => HeredocWord.TryParse(a) is null).ToArray() : [],
            Destination = isCopy ? inner.Args[^1] : null,
            From = flags.GetValueOrDefault("from")?[^1],
        };
    }

    private void CheckHealthcheck(InstructionNode node)
    {
        var type = node.Args[0].ToUpperInvariant();
        var problem = type switch
        {
            "NONE" when node.Args.Count > 1 => "HEALTHCHECK NONE takes no arguments",
            "NONE" => null,
            "CMD" when node.Args.Count == 1 || (!node.IsJson && node.Args[1].Length == 0) => "Missing command after HEALTHCHECK CMD",
            "CMD" => null,
            _ => $"Unknown type \"{type}\" in HEALTHCHECK (try CMD)",
        };
        if (problem is not null)
        {
            errors.Add(new(node.StartLine, problem));
        }
    }
}
