using System.Text;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>
/// A step's output not yet sent, handed out as numbered batches of whole lines: the farm stores every line once, so
/// each batch is a delta. A batch stays under <paramref name="maxBatchBytes"/>, so a step that floods its output
/// goes out as several messages of bounded size instead of one huge one.
/// </summary>
internal sealed class StepLog(int maxBatchBytes)
{
    /// <summary>Longer lines are cut: 16 Ki characters are under 64 KiB however they encode.</summary>
    const int MaxLineLength = 16 * 1024;

    readonly LineSplitter _splitter = new(MaxLineLength);
    readonly List<string> _pending = [];
    int _pendingBytes;
    int _nextSeq;

    public bool HasPending => _pending.Count > 0;

    /// <summary>Enough is waiting for a full batch: send it without waiting for the interval.</summary>
    public bool Full => _pendingBytes >= maxBatchBytes;

    public void Append(long stream, ReadOnlySpan<byte> bytes)
    {
        var start = _pending.Count;
        _splitter.Append(stream, bytes, _pending);
        for (var i = start; i < _pending.Count; i++)
            _pendingBytes += Size(_pending[i]);
    }

    /// <summary>What waits, in batches with their sequence numbers. <paramref name="final"/> at the step's end also
    /// sends the line it left unfinished.</summary>
    public IReadOnlyList<(int Seq, IReadOnlyList<string> Lines)> Take(bool final)
    {
        if (final)
            _pending.AddRange(_splitter.TakePartials());
        var batches = new List<(int, IReadOnlyList<string>)>();
        var batch = new List<string>();
        var bytes = 0;
        foreach (var line in _pending)
        {
            var size = Size(line);
            if (batch.Count > 0 && bytes + size > maxBatchBytes)
            {
                batches.Add((_nextSeq++, batch));
                batch = [];
                bytes = 0;
            }
            batch.Add(line);
            bytes += size;
        }
        if (batch.Count > 0)
            batches.Add((_nextSeq++, batch));
        _pending.Clear();
        _pendingBytes = 0;
        return batches;
    }

    static int Size(string line) => Encoding.UTF8.GetByteCount(line) + 1;
}
