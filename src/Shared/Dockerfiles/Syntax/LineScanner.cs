namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// The physical lines in order, as buildkit's bufio.Scanner hands them out: at the first line over its token
/// size it gives up on the whole file, with an error on that line, and hands out nothing more.
/// </summary>
internal sealed class LineScanner(string text, List<DockerfileError> errors)
{
    private readonly SourceLines _lines = new(text);
    private bool _stopped;

    public bool Next(out PhysicalLine line)
    {
        if (_stopped || !_lines.TryNext(out line))
        {
            line = default;
            return false;
        }

        if (SourceLines.IsTooLong(_lines.Whole(line)))
        {
            errors.Add(new DockerfileError(line.Number,
                $"dockerfile line greater than max allowed size of {SourceLines.MaxLineBytes - 1}"));
            _stopped = true;
            return false;
        }

        return true;
    }

    public ReadOnlySpan<char> Content(PhysicalLine line) => _lines.Content(line);

    public ReadOnlySpan<char> Whole(PhysicalLine line) => _lines.Whole(line);
}
