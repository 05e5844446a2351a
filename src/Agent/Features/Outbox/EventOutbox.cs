namespace BuildFarm.Agent.Features.Outbox;

/// <summary>Build events on their way to the broker, in the order they happened. Adding never waits on the broker, so
/// a build runs at the engine's pace through an outage; <see cref="OutboxPublisher"/> drains it. Bounded in memory:
/// past <paramref name="memoryLimit"/> messages, later ones go to a spill file (and everything after them too, to keep
/// the order) until the memory has drained.</summary>
public sealed class EventOutbox(string spillPath, int memoryLimit)
{
    readonly Lock _lock = new();
    readonly Queue<object> _memory = new();
    readonly SpillFile _spill = new(spillPath);
    TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string SpillPath => spillPath;

    public int Count
    {
        get
        {
            lock (_lock)
                return _memory.Count + _spill.Count;
        }
    }

    /// <summary>What is waiting in memory, oldest first: for diagnostics and tests.</summary>
    public IReadOnlyList<object> InMemory
    {
        get
        {
            lock (_lock)
                return _memory.ToList();
        }
    }

    public void Add(object message)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            if (_spill.Count > 0 || _memory.Count >= Math.Max(1, memoryLimit))
                _spill.Append([message]);
            else
                _memory.Enqueue(message);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    /// <summary>The oldest message, left in place until <see cref="Remove"/>: one the broker has not taken is never lost.</summary>
    public bool TryPeek(out object message)
    {
        lock (_lock)
        {
            if (_memory.Count == 0)
                foreach (var loaded in _spill.Take(Math.Max(1, memoryLimit)))
                    _memory.Enqueue(loaded);
            return _memory.TryPeek(out message!);
        }
    }

    public void Remove()
    {
        lock (_lock)
            _memory.Dequeue();
    }

    /// <summary>Completes once something is added after the call.</summary>
    public Task AddedAsync(CancellationToken ct)
    {
        lock (_lock)
            return _added.Task.WaitAsync(ct);
    }

    /// <summary>Moves what waits in memory to the head of the spill file, for the next run to publish.</summary>
    public void SpillAll()
    {
        lock (_lock)
        {
            if (_memory.Count == 0)
                return;
            _spill.Prepend(_memory.ToList());
            _memory.Clear();
        }
    }
}
