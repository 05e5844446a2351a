using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;
using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

internal sealed partial class StageBuilder
{
    private static readonly VariableScope Nothing = new();

    private DockerfileStep Copy(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count < 2)
        {
            Error(node.StartLine, $"{keyword} requires at least two arguments, but only one was provided. Destination could not be determined");
        }

        var destination = node.Args.Count > 0 ? node.Args[^1] : null;
        if (destination is not null && HeredocWord.TryParse(destination) is not null)
        {
            Error(node.StartLine, $"{keyword} cannot accept a heredoc as a destination");
        }

        // parseSourcesAndDest: a source that opens a heredoc is an inline file named after its delimiter;
        // its body is expanded unless the delimiter was quoted (SourcesAndDest.ExpandRaw).
        var sources = new List<string>();
        var arguments = new List<string>(node.Args.Count);
        var inline = new List<DockerfileHeredoc>();
        var bodies = new Dictionary<string, DockerfileHeredoc>(StringComparer.Ordinal);
        node.Heredocs.ForEach(h => bodies[h.Name] = h);
        foreach (var source in node.Args.Take(Math.Max(0, node.Args.Count - 1)))
        {
            if (HeredocWord.TryParse(source) is { } word)
            {
                var body = bodies.GetValueOrDefault(word.Name) ?? new DockerfileHeredoc(word.Name, "", word.Expand, word.Chomp, word.FileDescriptor);
                var content = Chomp(body);
                inline.Add(body with { Content = body.Expand ? ExpandBody(content, stage, node.StartLine, unset) : content });
                arguments.Add(source);
            }
            else
            {
                sources.Add(Expand(source, stage.Expansion, node.StartLine, unset));
                arguments.Add(sources[^1]);
            }
        }

        var target = destination is null ? null : Expand(destination, stage.Expansion, node.StartLine, unset);
        if (target is not null)
        {
            arguments.Add(target);
        }

        foreach (var name in new[] { "chown", "chmod", "checksum" })
        {
            if (flags.TryGetValue(name, out var values))
            {
                flags[name] = values.Select(v => Expand(v, stage.Expansion, node.StartLine, unset)).ToList();
            }
        }

        var from = flags.GetValueOrDefault("from")?[^1];
        return NewStep(stage, node, flags, ExpandedText(node, stage, unset), arguments, unset) with
        {
            SourcePaths = sources,
            Destination = target,
            Heredocs = inline,
            From = from,
            FromStageIndex = from is null ? null : StageReference(from, $"{keyword} --from={from}", node.StartLine),
        };
    }

    private string ExpandBody(string content, StageState stage, int line, List<string> unset)
    {
        try
        {
            return _bodyLexer.ProcessWord(content, stage.Expansion, unset);
        }
        catch (ShellSyntaxException e)
        {
            Error(line, e.Message);
            return content;
        }
    }

    private RunMount Mount(StageState stage, InstructionNode node, string value, List<string> unset)
    {
        var mount = MountParser.Parse(value, v => Expand(v, stage.Expansion, node.StartLine, unset), out var error);
        if (error is not null)
        {
            Error(node.StartLine, error);
            return mount;
        }

        return mount.From is { } from ? mount with { FromStageIndex = StageReference(from, $"RUN --mount from={from}", node.StartLine) } : mount;
    }

    /// <summary>
    /// Resolves a --from value: a stage index, a stage name (any stage, even a later one), or an image. BuildKit
    /// takes any name it does not know as an image to pull; the farm calls a bare word (no '/', ':' or '@') that
    /// names no stage an unknown stage, so a misspelt stage fails at submit time instead of as a failed pull.
    /// </summary>
    private int? StageReference(string value, string written, int line)
    {
        if (_lexer.ProcessWordOrNull(value, Nothing) != value)
        {
            // moby/buildkit#6153: --from is resolved before any stage runs, so it cannot use variables.
            Error(line, "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
            return null;
        }

        if (_names.Find(value, out var badIndex) is { } index)
        {
            return index;
        }

        if (badIndex)
        {
            Error(line, $"{written} refers to an unknown stage: invalid stage index {value}");
        }
        else if (value != "scratch" && value.AsSpan().IndexOfAny("/:@") < 0)
        {
            Error(line, $"{written} refers to an unknown stage");
        }
        else if (value != "scratch" && !ImageReference.TryParse(value, out _, out var problem))
        {
            Error(line, $"{written} is neither a stage nor a valid image reference: {problem}");
        }

        return null;
    }

    private DockerfileStep OnBuild(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags)
    {
        // parseOnBuild: the trigger is kept, not run; only its keyword is checked here.
        if (node.Inner is not { } inner)
        {
            Error(node.StartLine, "ONBUILD requires at least one argument");
        }
        else if (inner.Keyword == "onbuild")
        {
            Error(node.StartLine, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        else if (inner.Keyword is "maintainer" or "from")
        {
            Error(node.StartLine, $"{inner.Keyword.ToUpperInvariant()} isn't allowed as an ONBUILD trigger");
        }

        var trigger = node.Inner is { } t ? Trigger(t, node) : null;
        return NewStep(stage, node, flags, UppercaseCommand(node.Original.Trim()), node.Args, null) with { OnBuild = trigger };
    }

    private static DockerfileStep Trigger(InstructionNode inner, InstructionNode outer)
    {
        inner.StartLine = outer.StartLine;
        inner.EndLine = outer.EndLine;
        inner.Heredocs.AddRange(outer.Heredocs);
        var flags = FlagSet.Parse(inner.Keyword, inner.Flags, out _);
        var isCopy = inner.Keyword is "copy" or "add" && inner.Args.Count >= 2;
        return NewStep(null, inner, flags, UppercaseCommand(inner.Original.Trim()), inner.Args, null) with
        {
            Heredocs = inner.Heredocs.Select(h => h with { Content = Chomp(h) }).ToArray(),
            SourcePaths = isCopy ? inner.Args.Take(inner.Args.Count - 1).Where(a => HeredocWord.TryParse(a) is null).ToArray() : [],
            Destination = isCopy ? inner.Args[^1] : null,
            From = flags.GetValueOrDefault("from")?[^1],
        };
    }
}
