namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// One logical instruction as parser.go's Node carries it: the keyword, the raw <c>--flags</c>, the arguments
/// as the keyword's line parser splits them, and the heredoc bodies that followed it.
/// </summary>
internal sealed class InstructionNode
{
    /// <summary>The keyword lower-cased, as dispatch looks it up.</summary>
    public required string Keyword { get; init; }

    /// <summary>The logical line (continuations joined), as Node.Original.</summary>
    public required string Original { get; init; }

    /// <summary>Each flag word as written, "--name=value" or "--name", quotes and escapes processed.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    /// <summary>The text after the flags, trimmed.</summary>
    public required string Rest { get; init; }

    /// <summary>The arguments (for ENV/LABEL: key, value, key, value…).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>True when the arguments were a JSON array of strings.</summary>
    public bool IsJson { get; init; }

    /// <summary>A line-parser error (bad JSON array, malformed ENV), or null.</summary>
    public string? Error { get; init; }

    /// <summary>ONBUILD's trigger instruction.</summary>
    public InstructionNode? Inner { get; init; }

    public int StartLine { get; set; }

    public int EndLine { get; set; }

    /// <summary>Heredoc bodies read after the instruction, raw (not chomped, not expanded).</summary>
    public List<DockerfileHeredoc> Heredocs { get; } = [];
}
