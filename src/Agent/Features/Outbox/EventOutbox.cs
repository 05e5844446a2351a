using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Outbox;

/// <summary>Build events on their way to the broker, in the order they happened. Adding never waits on the broker, so
/// a build runs at the engine's pace through an outage; <see cref="OutboxPublisher"/> drains it. Bounded in memory:
/// past its memory limit, later messages go to a spill file (and everything after them too, to keep
/// the order) until the memory has drained.</summary>
public sealed class EventOutbox
{
    readonly Lock _lock = new();
    readonly Queue<object> _memory = new();
    readonly SpillFile _spill;
    readonly int _memoryLimit;
    // Builds whose end the scheduler has not been told yet, counted per queued BuildFinished.
    readonly Dictionary<Guid, int> _results = [];
    TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EventOutbox(string spillPath, int memoryLimit)
    {
        _spill = new SpillFile(spillPath);
        _memoryLimit = memoryLimit;
        // Results an earlier run could not deliver are still this agent's to report.
        foreach (var message in _spill.Unread())
            Track(message, +1);
    }

    public string SpillPath => _spill.Path;

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

    /// <summary>Builds whose result (<see cref="BuildFinished"/>) waits here: over on this agent, but not yet for the
    /// scheduler, so heartbeats still report them as held. A heartbeat goes straight to the broker and would otherwise
    /// overtake the result and have the build taken away as lost.</summary>
    public IReadOnlyList<Guid> UndeliveredResults
    {
        get
        {
            lock (_lock)
                return _results.Keys.ToList();
        }
    }

    public void Add(object message)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            Track(message, +1);
            if (_spill.Count > 0 || _memory.Count >= Math.Max(1, _memoryLimit))
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
                foreach (var loaded in _spill.Take(Math.Max(1, _memoryLimit)))
                    _memory.Enqueue(loaded);
            return _memory.TryPeek(out message!);
        }
    }

    public void Remove()
    {
        lock (_lock)
            Track(_memory.Dequeue(), -1);
    }

    void Track(object message, int change)
    {
        if (message is not BuildFinished finished)
            return;
        var count = _results.GetValueOrDefault(finished.BuildId) + change;
        if (count > 0)
            _results[finished.BuildId] = count;
        else
            _results.Remove(finished.BuildId);
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
