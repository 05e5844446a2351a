using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// COPY and ADD as dispatchCopy reads them: sources and destination expanded, a source that opens a heredoc made
/// an inline file, the --chown/--chmod/--checksum values expanded, and --from resolved to a stage or an image.
/// </summary>
internal sealed class CopySteps(StepExpansion expansion, StageReferences references, List<DockerfileError> errors)
{
    private static readonly string[] ExpandedFlags = ["chown", "chmod", "checksum"];

    public DockerfileStep Read(StageState stage, InstructionNode node, Dictionary<string, List<string>> flags, List<string> unset)
    {
        var keyword = node.Keyword.ToUpperInvariant();
        if (node.Args.Count < 2)
        {
            errors.Add(new(node.StartLine, $"{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"));
        }

        var destination = node.Args.Count > 0 ? node.Args[^1] : null;
        if (destination is not null && HeredocWord.TryParse(destination) is not null)
        {
            errors.Add(new(node.StartLine, $"{keyword} cannot accept a heredoc as a destination"));
        }

        var (sources, arguments, inline) = Sources(stage, node, unset);
        var target = destination is null ? null : expansion.Expand(destination, stage.Expansion, node.StartLine, unset);
        if (target is not null)
        {
            arguments.Add(target);
        }

        foreach (var name in ExpandedFlags)
        {
            if (flags.TryGetValue(name, out var values))
            {
                flags[name] = values.Select(v => expansion.Expand(v, stage.Expansion, node.StartLine, unset)).ToList();
            }
        }

        var from = flags.GetValueOrDefault("from")?[^1];
        return NewStep.Of(stage, node, flags, expansion.ExpandedText(node, stage, unset), arguments, unset) with
        {
            SourcePaths = sources,
            Destination = target,
            Heredocs = inline,
            From = from,
            FromStageIndex = from is null ? null : references.Resolve(from, $"{keyword} --from={from}", node.StartLine),
        };
    }

    // parseSourcesAndDest: a source that opens a heredoc is an inline file named after its delimiter;
    // its body is expanded unless the delimiter was quoted (SourcesAndDest.ExpandRaw).
    private (List<string> Sources, List<string> Arguments, List<DockerfileHeredoc> Inline) Sources(
        StageState stage, InstructionNode node, List<string> unset)
    {
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
                var content = StepText.Chomp(body);
                inline.Add(body with { Content = body.Expand ? expansion.ExpandBody(content, stage, node.StartLine, unset) : content });
                arguments.Add(source);
            }
            else
            {
                sources.Add(expansion.Expand(source, stage.Expansion, node.StartLine, unset));
                arguments.Add(sources[^1]);
            }
        }

        return (sources, arguments, inline);
    }
}
