namespace BuildFarm.Agent.Features.Builds;

/// <summary>The last lines a stream printed (a check's output, whose end is what explains its exit code).</summary>
internal sealed class LogTail(int capacity)
{
    const int MaxLineLength = 2000;

    readonly Queue<string> _lines = new();
    readonly LineSplitter _splitter = new(MaxLineLength);
    readonly List<string> _completed = [];

    public void Append(long stream, ReadOnlySpan<byte> bytes)
    {
        _splitter.Append(stream, bytes, _completed);
        foreach (var line in _completed)
            _lines.Enqueue(line);
        _completed.Clear();
        while (_lines.Count > capacity)
            _lines.Dequeue();
    }

    public IReadOnlyList<string> Snapshot()
    {
        var lines = _lines.ToList();
        lines.AddRange(_splitter.Partials());
        return lines.Count > capacity ? lines[^capacity..] : lines;
    }
}
