using MassTransit;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// Since when the scheduler has been able to receive heartbeats. An agent's silence only counts from then: before its
/// heartbeat endpoint was ready, while the broker was gone, or while this process was frozen, a heartbeat could have
/// been sent and never seen, so the silence says nothing about the agent; nor while the database was away, when heartbeats
/// were received but could not be recorded. Where the scheduler cannot tell, it waits rather than requeues. After the
/// heartbeat endpoint lost the broker, agents most likely lost it too and come back on their own reconnect back-off, so
/// an agent's silence only counts from <see cref="ReconnectGrace"/> after the scheduler is back.
/// </summary>
public sealed class HeartbeatHorizon(TimeProvider clock) : IReceiveEndpointObserver
{
    /// <summary>The longest an agent may take to reconnect after the scheduler did. MassTransit's RabbitMQ endpoints retry
    /// a lost connection with a back-off that grows to 30 s plus jitter (31-33 s seen), and the scheduler's own retry may
    /// happen to come first: in a 40 s broker outage an agent still waiting out its back-off was judged silent three
    /// heartbeats after the scheduler reconnected, and its running build was requeued.</summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(40);

    readonly Lock _gate = new();
    DateTimeOffset? _listeningSince;
    DateTimeOffset? _lastSweep;
    bool _databaseAway;
    bool _lostBroker;
    DateTimeOffset? _agentsBackBy;

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

    /// <summary>How long the agent has been silent while the scheduler could have heard it, when that is past
    /// <paramref name="threshold"/> counted from when the agent itself could be heard again; null while it is not, or
    /// while the scheduler cannot hear.</summary>
    public TimeSpan? StaleFor(DateTimeOffset lastHeartbeatAt, DateTimeOffset now, TimeSpan threshold)
    {
        lock (_gate)
        {
            if (_listeningSince is not { } since || _databaseAway)
                return null;
            // An agent heard since the scheduler came back has reconnected; one not heard yet may still be in its back-off.
            var countedFrom = lastHeartbeatAt >= since ? lastHeartbeatAt : Max(since, _agentsBackBy ?? since);
            return now - countedFrom > threshold ? now - Max(lastHeartbeatAt, since) : null;
        }
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public Task Ready(ReceiveEndpointReady ready)
    {
        lock (_gate)
        {
            if (_listeningSince is null)
            {
                _listeningSince = clock.GetUtcNow();
                if (_lostBroker)
                    _agentsBackBy = _listeningSince + ReconnectGrace;
                _lostBroker = false;
            }
        }
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted) => Deaf();

    public Task Stopping(ReceiveEndpointStopping stopping) => Deaf();

    public Task Completed(ReceiveEndpointCompleted completed) => Deaf();

    Task Deaf()
    {
        lock (_gate)
        {
            _listeningSince = null;
            _lostBroker = true;
        }
        return Task.CompletedTask;
    }
}
