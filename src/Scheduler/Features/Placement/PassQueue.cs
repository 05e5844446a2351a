namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Placement passes one at a time, where a caller that comes while a pass is still waiting to start joins that pass
/// instead of queueing one of its own: the waiting pass has yet to read the queue, so it sees whatever the caller saved
/// before it asked. Every submitted build, every result and every heartbeat asks for a pass; under a burst (a backlog
/// being submitted, twenty agents finishing) one pass per message used to queue behind the lock, each reading the whole
/// queue again, and a caller waited for every pass ahead of it. Now it waits for the pass running and the one it joins.
/// </summary>
sealed class PassQueue
{
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly Lock _lock = new();
    Task? _waiting;

    /// <summary>Runs <paramref name="locked"/> alone (reading the queue, deciding, saving), then <paramref name="after"/>
    /// while the next pass may already run (sending to agents, announcing); or, when a pass is already waiting to start,
    /// waits for that one instead. Those who join see the pass's failure, and retry as its caller would.</summary>
    public async Task RunAsync(Func<Task> locked, Func<Task> after, CancellationToken ct)
    {
        TaskCompletionSource? lead = null;
        Task joined;
        lock (_lock)
        {
            if (_waiting is null)
            {
                lead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting = lead.Task;
            }
            joined = _waiting;
        }
        if (lead is null)
        {
            await joined.WaitAsync(ct);
            return;
        }
        try
        {
            await LockedAsync(lead.Task, locked, ct);
            await after();
            lead.SetResult();
        }
        catch (Exception e)
        {
            lead.SetException(e);
            // Observed here: with nobody joined, the failure is the caller's alone.
            _ = lead.Task.Exception;
            throw;
        }
    }

    async Task LockedAsync(Task lead, Func<Task> locked, CancellationToken ct)
    {
        try
        {
            await _gate.WaitAsync(ct);
        }
        finally
        {
            // Holding the gate, this pass reads the queue from now on, so whoever asks next needs a pass of its own;
            // cancelled before it, it will never read it.
            Started(lead);
        }
        try
        {
            await locked();
        }
        finally
        {
            _gate.Release();
        }
    }

    void Started(Task lead)
    {
        lock (_lock)
            if (_waiting == lead)
                _waiting = null;
    }
}
