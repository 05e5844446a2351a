using System.Collections.Concurrent;
using System.Threading.Channels;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Intake;

/// <summary>
/// The agent's state machine: each build is pending, then running, then gone. Intake only enqueues (so a long build
/// never holds a broker delivery open past RabbitMQ's consumer timeout); the worker runs what is pending.
/// </summary>
public sealed class BuildSlots
{
    readonly Channel<Job> _pending = Channel.CreateUnbounded<Job>();
    readonly ConcurrentDictionary<Guid, Job> _held = new();
    readonly ConcurrentDictionary<(Guid, int), byte> _accepted = new();
    // Two StartBuilds of one build consumed at once must not both find no attempt held and both take the build.
    readonly Lock _intake = new();

    public sealed class Job(StartBuild start)
    {
        // Starting and stopping take the lock so a cancel never lands between "not cancelled" and "running".
        readonly Lock _lock = new();

        public StartBuild Start { get; } = start;
        public CancellationTokenSource Cancel { get; } = new();
        public bool Running { get; private set; }

        /// <summary>False when the attempt was cancelled before it could start: it must then never run.</summary>
        public bool TryBegin()
        {
            lock (_lock)
            {
                if (Cancel.IsCancellationRequested)
                    return false;
                Running = true;
                return true;
            }
        }

        /// <returns>Whether it was running (it stops), rather than waiting (it is dropped).</returns>
        public bool Stop()
        {
            lock (_lock)
            {
                Cancel.Cancel();
                return Running;
            }
        }
    }

    /// <summary>False for a redelivered StartBuild of an attempt already taken (running, waiting or over): a build never
    /// runs twice. False too for an attempt older than one of the same build held here: the agent's queue is consumed
    /// concurrently, so a superseded attempt's StartBuild can arrive after its successor's, and must not stop it.</summary>
    public bool TryAccept(StartBuild start)
    {
        if (!_accepted.TryAdd((start.BuildId, start.Attempt), 0))
            return false;
        Job job;
        lock (_intake)
        {
            if (_held.TryGetValue(start.BuildId, out var held) && held.Start.Attempt > start.Attempt)
                return false;
            // A newer attempt of the same build supersedes one this agent still holds.
            if (_held.TryRemove(start.BuildId, out var older))
                older.Stop();
            job = new Job(start);
            _held[start.BuildId] = job;
        }
        return _pending.Writer.TryWrite(job);
    }

    /// <summary>Stops the attempt if it runs; drops it if it still waits, so it is no longer reported as held. Another
    /// attempt of the same build is left alone: a cancel meant for an older attempt must not stop the current one.</summary>
    public bool TryCancel(Guid buildId, int attempt)
    {
        if (!_held.TryGetValue(buildId, out var job) || job.Start.Attempt != attempt)
            return false;
        if (!job.Stop())
            Release(job);
        return true;
    }

    public IAsyncEnumerable<Job> PendingAsync(CancellationToken ct) => _pending.Reader.ReadAllAsync(ct);

    public void Release(Job job) => _held.TryRemove(new KeyValuePair<Guid, Job>(job.Start.BuildId, job));

    /// <summary>What the agent holds, pending or running: the scheduler requeues anything assigned here and not listed.</summary>
    public IReadOnlyList<Guid> Held => _held.Keys.ToList();
}
