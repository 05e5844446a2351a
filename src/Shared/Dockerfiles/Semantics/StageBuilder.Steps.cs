using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

internal sealed partial class StageBuilder
{
    private void Step(StageState stage, InstructionNode node)
    {
        var flags = FlagSet.Parse(node.Keyword, node.Flags, out var flagError);
        if (flagError is not null)
        {
            Error(node.StartLine, flagError);
        }

        var unset = new List<string>();
        var step = node.Keyword switch
        {
            "run" => Run(stage, node, flags, unset),
            "copy" or "add" => Copy(stage, node, flags, unset),
            "env" or "label" => KeyValues(stage, node, flags, unset),
            "arg" => Arg(stage, node, flags, unset),
            "workdir" or "user" or "stopsignal" => Single(stage, node, flags, unset),
            "expose" => Expose(stage, node, flags, unset),
            "volume" => Volume(stage, node, flags, unset),
            "onbuild" => OnBuild(stage, node, flags),
            _ => Unexpanded(stage, node, flags),
        };
        stage.Steps.Add(step);
    }

    private DockerfileStep KeyValues(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        // Every key and value is expanded with the scope before the instruction, so "ENV a=1 b=$a" gives b the
        // earlier a (docs, "Environment replacement"); then the variables are set in order.
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count == 0)
        {
            Error(node.StartLine, $"{keyword} requires at least one argument");
        }

        var pairs = new List<(string Key, string Value)>();
        for (var i = 0; i + 1 < node.Args.Count; i += 2)
        {
            if (node.Args[i].Length == 0)
            {
                Error(node.StartLine, $"{keyword} names can not be blank");
                continue;
            }

            pairs.Add((Expand(node.Args[i], stage.Expansion, node.StartLine, unset),
                Expand(node.Args[i + 1], stage.Expansion, node.StartLine, unset)));
        }

        var step = NewStep(stage, node, flags, ExpandedText(node, stage, unset),
            pairs.SelectMany(p => new[] { p.Key, p.Value }).ToArray(), unset);
        if (node.Keyword == "env")
        {
            pairs.ForEach(p => stage.SetEnv(p.Key, p.Value));
        }

        return step;
    }

    private DockerfileStep Arg(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var declared = new List<(string Name, string? Value)>();
        var arguments = new List<string>();
        foreach (var (written, defaultValue) in ArgDeclarations(node))
        {
            var name = Expand(written, stage.Expansion, node.StartLine, unset);
            var expanded = defaultValue is null ? null : Expand(defaultValue, stage.Expansion, node.StartLine, unset);
            arguments.Add(expanded is null ? name : $"{name}={expanded}");

            // dispatchArg: the caller's build arg, else the default, else the global ARG (or platform arg) value.
            var value = _buildArgs.TryGetValue(name, out var given) ? given
                : expanded ?? _globalValues.Find(name)?.Value;
            declared.Add((name, value));
        }

        var step = NewStep(stage, node, flags, ExpandedText(node, stage, unset), arguments, unset);
        declared.ForEach(d => stage.DeclareArg(d.Name, d.Value));
        return step;
    }

    private DockerfileStep Single(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count != 1)
        {
            Error(node.StartLine, $"{keyword} requires exactly one argument");
        }

        var args = node.Args.Select(a => Expand(a, stage.Expansion, node.StartLine, unset)).ToArray();
        return NewStep(stage, node, flags, ExpandedText(node, stage, unset), args, unset);
    }

    private DockerfileStep Expose(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        if (node.Args.Count == 0)
        {
            Error(node.StartLine, "EXPOSE requires at least one argument");
        }

        // dispatchExpose runs ProcessWords on each port, so a variable may hold several.
        var ports = node.Args.SelectMany(p => ExpandWords(p, stage.Expansion, node.StartLine, unset)).ToArray();
        return NewStep(stage, node, flags, ExpandedText(node, stage, unset), ports, unset);
    }

    private DockerfileStep Volume(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        if (node.Args.Count == 0)
        {
            Error(node.StartLine, "VOLUME requires at least one argument");
        }

        if (node.Args.Any(v => v.Trim().Length == 0))
        {
            Error(node.StartLine, "VOLUME specified can not be an empty string");
        }

        var volumes = node.Args.Select(v => Expand(v.Trim(), stage.Expansion, node.StartLine, unset)).ToArray();
        return NewStep(stage, node, flags, ExpandedText(node, stage, unset), volumes, unset);
    }

    private DockerfileStep Run(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var mounts = flags.GetValueOrDefault("mount") is { } values
            ? values.Select(v => Mount(stage, node, v, unset)).ToArray()
            : [];
        var heredocs = node.Heredocs.Select(h => h with { Content = Chomp(h) }).ToArray();

        // The exec's arguments keep their variables for the shell; the vertex name shows set ones substituted,
        // plus a summary of a lone heredoc (dispatchRun, summarizeHeredoc).
        var text = UppercaseCommand(node.Original.Trim());
        var shown = node.Original.Trim();
        if (node.Heredocs.Count > 0 && node.Args is [var only] && !node.IsJson && HeredocWord.TryParse(only) is not null)
        {
            shown += $" ({Summarize(node.Heredocs[0].Content)})";
        }

        return NewStep(stage, node, flags, text, node.Args, unset) with
        {
            DisplayName = UppercaseCommand(ForDisplay(_displayLexer, shown, stage.Expansion, null)),
            Mounts = mounts,
            Heredocs = heredocs,
        };
    }

    private static string Summarize(string body)
    {
        var lines = body.Trim().Replace("\r\n", "\n").Split('\n');
        return lines.Length > 1 ? lines[0] + "..." : lines[0];
    }

    private DockerfileStep Unexpanded(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        switch (node.Keyword)
        {
            case "shell" when node.Args.Count == 0:
            case "healthcheck" when node.Args.Count == 0:
                Error(node.StartLine, $"{keyword} requires at least one argument");
                break;
            case "shell" when !node.IsJson:
                Error(node.StartLine, "SHELL requires the arguments to be in JSON form");
                break;
            case "maintainer" when node.Args.Count != 1:
                Error(node.StartLine, "MAINTAINER requires exactly one argument");
                break;
            case "healthcheck":
                CheckHealthcheck(node);
                break;
        }

        return NewStep(stage, node, flags, UppercaseCommand(node.Original.Trim()), node.Args, null);
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
            Error(node.StartLine, problem);
        }
    }
}
