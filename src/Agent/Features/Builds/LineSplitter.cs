using System.Text;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Cuts a step's output streams into lines as a terminal shows them. Bytes arrive in arbitrary chunks, so
/// partial lines (and split UTF-8 characters) are held until their newline; a carriage return restarts the line, so a
/// progress bar leaves its last state, not every redraw.</summary>
internal sealed class LineSplitter(int maxLineLength)
{
    readonly Dictionary<long, (Decoder Decoder, StringBuilder Partial)> _streams = [];

    /// <summary>Adds the lines <paramref name="bytes"/> completed to <paramref name="lines"/>.</summary>
    public void Append(long stream, ReadOnlySpan<byte> bytes, List<string> lines)
    {
        if (!_streams.TryGetValue(stream, out var state))
            _streams[stream] = state = (Encoding.UTF8.GetDecoder(), new StringBuilder());
        var chars = new char[state.Decoder.GetCharCount(bytes, flush: false)];
        state.Decoder.GetChars(bytes, chars, flush: false);
        foreach (var c in chars)
        {
            if (c == '\n')
            {
                lines.Add(Visible(state.Partial));
                state.Partial.Clear();
            }
            // Room for a few redraws past the cap, so a long progress bar still ends on its last state.
            else if (state.Partial.Length < maxLineLength * 4)
            {
                state.Partial.Append(c);
            }
        }
    }

    /// <summary>The unfinished lines, as they would show now.</summary>
    public IEnumerable<string> Partials() =>
        _streams.Values.Where(s => s.Partial.Length > 0).Select(s => Visible(s.Partial)).Where(l => l.Length > 0);

    /// <summary>The unfinished lines, which are then forgotten: the stream is over.</summary>
    public IReadOnlyList<string> TakePartials()
    {
        var partials = Partials().ToList();
        foreach (var state in _streams.Values)
            state.Partial.Clear();
        return partials;
    }

    string Visible(StringBuilder partial)
    {
        var line = partial.ToString().TrimEnd('\r');
        var lastReturn = line.LastIndexOf('\r');
        if (lastReturn >= 0)
            line = line[(lastReturn + 1)..];
        return line.Length > maxLineLength ? line[..maxLineLength] : line;
    }
}
