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
    // Attempts whose BuildFinished waits here (counted: a redelivered result may be queued twice), then the last ones sent.
    readonly Dictionary<EndedAttempt, int> _unsent = [];
    readonly Queue<EndedAttempt> _sent = new();
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

    /// <summary>How many sent results <see cref="Ended"/> keeps naming: the scheduler may take them from its queue well
    /// after the broker took them (after an outage, behind the outage's events), and far more builds than this rarely end
    /// on one agent in that time.</summary>
    public const int SentKept = 64;

    /// <summary>Attempts whose result (<see cref="BuildFinished"/>) waits here or was sent lately: over on this agent but
    /// maybe not yet for the scheduler. Heartbeats name them, since a heartbeat goes straight to the broker and would
    /// otherwise overtake the result and have the build taken away as lost.</summary>
    public IReadOnlyList<EndedAttempt> Ended
    {
        get
        {
            lock (_lock)
                return [.. _unsent.Keys.Union(_sent)];
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
        var attempt = new EndedAttempt(finished.BuildId, finished.Attempt);
        var count = _unsent.GetValueOrDefault(attempt) + change;
        if (count > 0)
        {
            _unsent[attempt] = count;
            return;
        }
        // Taken by the broker: the last of this result's copies left.
        _unsent.Remove(attempt);
        _sent.Enqueue(attempt);
        while (_sent.Count > SentKept)
            _sent.Dequeue();
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
