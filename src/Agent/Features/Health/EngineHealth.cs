namespace BuildFarm.Agent.Features.Health;

/// <summary>Whether the agent's engine is known lost. A build that loses its engine marks it at once, so the very next
/// heartbeat says so and no new build is started on it; <see cref="EngineWatch"/> clears it when the engine answers.</summary>
public sealed class EngineHealth
{
    readonly Lock _lock = new();
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The engine's error when it was lost; null while it answers.</summary>
    public string? LostWith { get; private set; }

    public bool Down => LostWith is not null;

    public void MarkLost(string error) => Set(error);

    public void MarkAnswering() => Set(null);

    /// <summary>Completes at the next change. Take it before reading <see cref="Down"/>, or a change in between is missed.</summary>
    public Task ChangedAsync(CancellationToken ct)
    {
        lock (_lock)
            return _changed.Task.WaitAsync(ct);
    }

    void Set(string? error)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if ((LostWith is null) == (error is null))
                return;
            LostWith = error;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}
