using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>One physical line: its 1-based number and where its text and its terminator lie in the source.</summary>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Start">Index of the first character.</param>
/// <param name="ContentEnd">Index after the last character that is not a trailing '\r' or '\n'.</param>
/// <param name="End">Index after the line's '\n' (or the end of the source).</param>
internal readonly record struct PhysicalLine(int Number, int Start, int ContentEnd, int End);

/// <summary>
/// Splits source text into lines at '\n' only, as buildkit's scanLines does; the terminator is kept so heredoc
/// bodies keep their exact line endings, and trimNewline's removal of trailing '\r' and '\n' gives the content.
/// </summary>
internal sealed class SourceLines(string text)
{
    // bufio.MaxScanTokenSize: BuildKit's scanner fails on a line (with its newline) longer than 64 KiB.
    public const int MaxLineBytes = 64 * 1024;

    private int _position;
    private int _number;

    public string Text => text;

    public bool TryNext(out PhysicalLine line)
    {
        if (_position >= text.Length)
        {
            line = default;
            return false;
        }

        var newline = text.IndexOf('\n', _position);
        var end = newline < 0 ? text.Length : newline + 1;
        var contentEnd = end;
        while (contentEnd > _position && text[contentEnd - 1] is '\n' or '\r')
        {
            contentEnd--;
        }

        line = new PhysicalLine(++_number, _position, contentEnd, end);
        _position = end;
        return true;
    }

    public ReadOnlySpan<char> Content(PhysicalLine line) => text.AsSpan(line.Start, line.ContentEnd - line.Start);

    public ReadOnlySpan<char> Whole(PhysicalLine line) => text.AsSpan(line.Start, line.End - line.Start);

    public static bool IsTooLong(ReadOnlySpan<char> whole) =>
        whole.Length > MaxLineBytes / 3 && Encoding.UTF8.GetByteCount(whole) > MaxLineBytes;
}
