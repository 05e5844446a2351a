using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>What the line level of a Dockerfile holds: instructions with their line ranges and heredoc bodies.</summary>
internal sealed record LogicalLines(
    List<InstructionNode> Nodes,
    List<ParserDirective> Directives,
    List<DockerfileError> Errors,
    List<DockerfileError> Warnings,
    char Escape);

/// <summary>
/// buildkit parser.go Parse: directives at the top, '#' comment lines (also inside continuations), lines joined
/// where they end with the escape token, empty continuation lines skipped with a warning, and heredoc bodies
/// read after RUN/COPY/ADD lines that open them. Errors are collected per instruction instead of stopping.
/// </summary>
internal sealed class LogicalLineReader
{
    private readonly LineScanner _lines;
    private readonly DirectiveReader _directives = new();
    private readonly LogicalLines _result = new([], [], [], [], '\\');
    private readonly StringBuilder _joined = new();
    private char _escape = '\\';

    private LogicalLineReader(string text) => _lines = new LineScanner(text, _result.Errors);

    public static LogicalLines Read(string text)
    {
        var reader = new LogicalLineReader(text);
        reader.ReadAll();
        return reader._result with { Escape = reader._escape };
    }

    private void ReadAll()
    {
        while (_lines.Next(out var line))
        {
            var content = _lines.Content(line);
            if (line.Number == 1 && content.StartsWith("\uFEFF"))
            {
                content = content[1..];
            }

            content = content.TrimStart();
            Directive(content, line.Number);
            if (IsComment(content))
            {
                continue;
            }

            var cut = ContinuationCut(content);
            var ends = cut < 0;
            if (ends && content.IsEmpty)
            {
                continue;
            }

            _joined.Clear().Append(ends ? content : content[..cut]);
            var start = line.Number;
            var end = line.Number;
            var emptyContinuation = false;
            while (!ends && _lines.Next(out var next))
            {
                end = next.Number;
                var part = _lines.Content(next);
                Directive(part, next.Number);
                if (IsComment(part))
                {
                    continue;
                }

                if (part.TrimStart().IsEmpty)
                {
                    emptyContinuation = true;
                    continue;
                }

                cut = ContinuationCut(part);
                ends = cut < 0;
                _joined.Append(ends ? part : part[..cut]);
            }

            Instruction(_joined.ToString(), start, end, emptyContinuation);
        }
    }

    private void Instruction(string text, int start, int end, bool emptyContinuation)
    {
        if (emptyContinuation)
        {
            _result.Warnings.Add(new DockerfileError(start, "Empty continuation line found in: " + text.Trim()));
        }

        if (text.AsSpan().Trim().IsEmpty)
        {
            return;
        }

        var node = NodeParser.Parse(text, _escape);
        node.StartLine = start;
        node.EndLine = end;
        _result.Nodes.Add(node);
        if (NodeParser.CanContainHeredoc(node) && text.Contains("<<", StringComparison.Ordinal))
        {
            HeredocBodies.Read(node, text, _lines, _result.Errors);
        }
    }

    private void Directive(ReadOnlySpan<char> content, int number)
    {
        if (_directives.Done)
        {
            return;
        }

        var directive = _directives.Read(content, number, out var error);
        if (error is not null)
        {
            _result.Errors.Add(new DockerfileError(number, error));
        }

        if (directive is null)
        {
            return;
        }

        _result.Directives.Add(directive);
        if (directive.Name != "escape")
        {
            return;
        }

        if (directive.Value is "`" or "\\")
        {
            _escape = directive.Value[0];
        }
        else
        {
            _result.Errors.Add(new DockerfileError(number,
                $"invalid escape token '{directive.Value}' does not match ` or \\"));
        }
    }

    private static bool IsComment(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        return !trimmed.IsEmpty && trimmed[0] == '#';
    }

    /// <summary>
    /// The escape token ends a line's text when it is the last non-blank character and is not itself escaped
    /// (parser.go: <c>([^\\])\\[ \t]*$|^\\[ \t]*$</c>); the token and the blanks after it are dropped.
    /// </summary>
    /// <returns>The length of the line's text without the continuation, or -1 when the line ends the instruction.</returns>
    private int ContinuationCut(ReadOnlySpan<char> line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end == 0 || line[end - 1] != _escape)
        {
            return -1;
        }

        var token = end - 1;
        return token > 0 && line[token - 1] == _escape ? -1 : token;
    }
}
