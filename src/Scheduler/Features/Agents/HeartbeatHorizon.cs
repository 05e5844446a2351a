using MassTransit;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// Since when the scheduler has been able to receive heartbeats. An agent's silence only counts from then: before its
/// heartbeat endpoint was ready, while the broker was gone, or while this process was frozen, a heartbeat could have
/// been sent and never seen, so the silence says nothing about the agent; nor while the database was away, when heartbeats
/// were received but could not be recorded. Where the scheduler cannot tell, it waits rather than requeues.
/// </summary>
public sealed class HeartbeatHorizon(TimeProvider clock) : IReceiveEndpointObserver
{
    readonly Lock _gate = new();
    DateTimeOffset? _listeningSince;
    DateTimeOffset? _lastSweep;
    bool _databaseAway;

    /// <summary>Since when heartbeats could be received without a break; null while they cannot be.</summary>
    public DateTimeOffset? ListeningSince
    {
        get
        {
            lock (_gate)
                return _listeningSince;
        }
    }

    /// <summary>Notes a sweep of the liveness loop. A gap of more than two periods since the previous one means the
    /// process itself was stalled (frozen, starved, a blocked loop): heartbeats that arrived meanwhile may not have
    /// been stored yet, so listening starts again from now.</summary>
    public void Swept(DateTimeOffset now, TimeSpan period)
    {
        lock (_gate)
        {
            if (_lastSweep is { } last && now - last > 2 * period && _listeningSince is not null)
                _listeningSince = now;
            _lastSweep = now;
        }
    }

    /// <summary>Notes that the database could not be reached. Heartbeats received meanwhile are held by their consumer
    /// and only recorded once it is back, so no silence can be judged until then.</summary>
    public void DatabaseAway()
    {
        lock (_gate)
            _databaseAway = true;
    }

    /// <summary>Notes that the database answered. After an outage listening starts again from now: the heartbeats held
    /// meanwhile are being recorded only now, and fresh ones queue behind them.</summary>
    public void DatabaseAnswered(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_databaseAway && _listeningSince is not null)
                _listeningSince = now;
            _databaseAway = false;
        }
    }

    /// <summary>How long the agent has been silent while the scheduler could have heard it; null while it cannot hear.</summary>
    public TimeSpan? SilenceOf(DateTimeOffset lastHeartbeatAt, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_listeningSince is not { } since || _databaseAway)
                return null;
            var from = lastHeartbeatAt > since ? lastHeartbeatAt : since;
            return now - from;
        }
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        lock (_gate)
            _listeningSince ??= clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted) => Deaf();

    public Task Stopping(ReceiveEndpointStopping stopping) => Deaf();

    public Task Completed(ReceiveEndpointCompleted completed) => Deaf();

    Task Deaf()
    {
        lock (_gate)
            _listeningSince = null;
        return Task.CompletedTask;
    }
}
