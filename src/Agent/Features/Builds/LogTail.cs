using System.Text;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>The last lines a step printed. Bytes arrive in arbitrary chunks, so partial lines (and split UTF-8
/// characters) are held until their newline; a carriage return restarts the line, as a terminal shows progress bars.</summary>
internal sealed class LogTail(int capacity)
{
    const int MaxLineLength = 2000;

    readonly Queue<string> _lines = new();
    readonly Dictionary<long, (Decoder Decoder, StringBuilder Partial)> _streams = [];

    public void Append(long stream, ReadOnlySpan<byte> bytes)
    {
        if (!_streams.TryGetValue(stream, out var state))
            _streams[stream] = state = (Encoding.UTF8.GetDecoder(), new StringBuilder());
        var chars = new char[state.Decoder.GetCharCount(bytes, flush: false)];
        state.Decoder.GetChars(bytes, chars, flush: false);
        foreach (var c in chars)
        {
            if (c == '\n')
            {
                Add(Visible(state.Partial));
                state.Partial.Clear();
            }
            else if (state.Partial.Length < MaxLineLength * 4)
            {
                state.Partial.Append(c);
            }
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        var lines = _lines.ToList();
        lines.AddRange(_streams.Values.Where(s => s.Partial.Length > 0).Select(s => Visible(s.Partial)).Where(l => l.Length > 0));
        return lines.Count > capacity ? lines[^capacity..] : lines;
    }

    void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > capacity)
            _lines.Dequeue();
    }

    static string Visible(StringBuilder partial)
    {
        var line = partial.ToString().TrimEnd('\r');
        var lastReturn = line.LastIndexOf('\r');
        if (lastReturn >= 0)
            line = line[(lastReturn + 1)..];
        return line.Length > MaxLineLength ? line[..MaxLineLength] : line;
    }
}
