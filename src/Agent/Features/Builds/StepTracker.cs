using BuildFarm.Agent.Protos.BuildKit;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Turns BuildKit progress into the farm's step events (<see cref="StepStarted"/>, <see cref="StepLogged"/>,
/// <see cref="StepCompleted"/>). Pure: it only sees the messages and the clock values it is given.</summary>
/// <remarks>Steps are keyed by vertex digest; each digest gets its index once, when first seen. The index comes from
/// the step's place in its stage (<c>[3/6]</c> is index 2) after the steps of the stages seen before it, not from arrival
/// order: BuildKit announces a vertex it already solved for another build (typically FROM) only when it reaches it, so
/// arrival order would move FROM to the end whenever the base is warm. Stages share a FROM vertex when they share a
/// base, so a multi-stage build can skip the index of a later stage's FROM. With a plan (<paramref name="keys"/>), each
/// completed step carries the predicted key of the step BuildKit named. A step's output goes out as numbered batches
/// of new lines (at most every <paramref name="logInterval"/>, sooner once <paramref name="maxLogBatchBytes"/> wait),
/// and its last batch always goes just ahead of its <see cref="StepCompleted"/>.</remarks>
public sealed class StepTracker(
    Guid buildId, int attempt, TimeSpan logInterval, int maxLogBatchBytes = StepTracker.DefaultLogBatchBytes, IReadOnlyList<StepKey>? keys = null)
{
    public const int DefaultLogBatchBytes = 64 * 1024;

    readonly StepKeys _keys = new(keys);
    readonly Dictionary<string, Step?> _byDigest = new(StringComparer.Ordinal);
    readonly List<Step> _steps = [];
    readonly List<(string? Stage, int Offset)> _stages = [];
    int _nextStageOffset;

    /// <summary>Steps that count for caching: every step but FROM.</summary>
    public int StepsTotal => _steps.Count(s => !s.Name.IsFrom);

    public int StepsCached => _steps.Count(s => !s.Name.IsFrom && s.Done && s.Cached && s.Error is null);

    /// <summary>The step whose own error failed the build. Steps BuildKit stopped because another one failed carry
    /// "context canceled" and are not the cause.</summary>
    public int? FailedStep =>
        (_steps.FirstOrDefault(s => s.Error is not null && !IsCancellation(s.Error)) ?? _steps.FirstOrDefault(s => s.Error is not null))?.Index;

    public IReadOnlyList<object> Observe(StatusResponse status, DateTimeOffset now)
    {
        var events = new List<object>();
        foreach (var vertex in status.Vertexes)
        {
            if (Track(vertex) is { StartedAt: null } step && (vertex.Started ?? vertex.Completed) is { } started)
            {
                step.StartedAt = started.ToDateTimeOffset();
                events.Add(new StepStarted(buildId, attempt, step.Index, step.Name.Stage, step.Name.Instruction, step.StartedAt.Value,
                    _keys.Find(step.Name.Stage, step.Name.Number)));
            }
        }
        foreach (var log in status.Logs)
        {
            if (_byDigest.GetValueOrDefault(log.Vertex) is { Done: false } step)
                step.Log.Append(log.Stream, log.Msg.Span);
        }
        // A flood goes out as it fills batches rather than piling up until the interval.
        foreach (var step in _steps.Where(s => s is { Done: false } && s.Log.Full))
            events.AddRange(Batches(step, now, final: false));
        foreach (var vertex in status.Vertexes)
        {
            if (vertex.Completed is not null && _byDigest.GetValueOrDefault(vertex.Digest) is { Done: false } step)
                events.AddRange(Complete(step, vertex.Completed.ToDateTimeOffset(), vertex.Cached, vertex.Error, now));
        }
        events.AddRange(FlushLogs(now));
        return events;
    }

    /// <summary>New lines held back by the interval that may go out now. Call it when BuildKit is quiet too, or a step
    /// that prints twice and then works silently for minutes would show only its first line.</summary>
    public IReadOnlyList<StepLogged> FlushLogs(DateTimeOffset now) =>
        _steps.Where(s => s is { Done: false } && s.Log.HasPending && now - s.LastLogged >= logInterval)
            .SelectMany(s => Batches(s, now, final: false))
            .ToList();

    /// <summary>Ends the steps BuildKit started but never finished (the stream stopped, as on cancel) with
    /// <paramref name="reason"/> as their error.</summary>
    public IReadOnlyList<object> Finish(DateTimeOffset now, string reason) =>
        _steps.Where(s => s is { StartedAt: not null, Done: false }).SelectMany(s => Complete(s, now, false, reason, now)).ToList();

    IEnumerable<StepLogged> Batches(Step step, DateTimeOffset now, bool final)
    {
        step.LastLogged = now;
        return step.Log.Take(final).Select(b => new StepLogged(buildId, attempt, step.Index, b.Seq, b.Lines));
    }

    Step? Track(Vertex vertex)
    {
        if (_byDigest.TryGetValue(vertex.Digest, out var known))
            return known;
        var name = StepName.Parse(vertex.Name);
        // A Dockerfile step is named once per stage ("[stage 3/6]"): a second vertex with the same name (BuildKit
        // re-announces a FROM it resolves while pulling, say) is the same step, not a new one.
        if (name is not null && _steps.FirstOrDefault(s => s.Name.Stage == name.Stage && s.Name.Number == name.Number) is { } same)
        {
            _byDigest[vertex.Digest] = same;
            return same;
        }
        var step = name is not null ? new Step(IndexOf(name), name, new StepLog(maxLogBatchBytes)) : null;
        _byDigest[vertex.Digest] = step;
        if (step is not null)
            _steps.Add(step);
        return step;
    }

    int IndexOf(StepName name)
    {
        var stage = _stages.FindIndex(s => s.Stage == name.Stage);
        if (stage < 0)
        {
            _stages.Add((name.Stage, _nextStageOffset));
            stage = _stages.Count - 1;
            _nextStageOffset += name.Of;
        }
        var index = _stages[stage].Offset + name.Number - 1;
        if (_steps.All(s => s.Index != index))
            return index;
        // Names are BuildKit's to choose; should two vertices ever claim one position, the later one moves past the end.
        index = Math.Max(_nextStageOffset, _steps.Max(s => s.Index) + 1);
        _nextStageOffset = index + 1;
        return index;
    }

    /// <summary>The step's last lines, then its completion: the farm has its whole log when it learns it ended.</summary>
    IEnumerable<object> Complete(Step step, DateTimeOffset completedAt, bool cached, string? error, DateTimeOffset now)
    {
        step.Done = true;
        step.Cached = cached;
        step.Error = string.IsNullOrEmpty(error) ? null : error;
        var events = new List<object>(Batches(step, now, final: true));
        events.Add(new StepCompleted(buildId, attempt, step.Index, step.Name.Stage, step.Name.Instruction,
            step.StartedAt ?? completedAt, completedAt, cached && step.Error is null, step.Error,
            _keys.Find(step.Name.Stage, step.Name.Number)));
        return events;
    }

    static bool IsCancellation(string error) => error.Contains("context canceled", StringComparison.Ordinal);

    sealed class Step(int index, StepName name, StepLog log)
    {
        public int Index { get; } = index;
        public StepName Name { get; } = name;
        public StepLog Log { get; } = log;
        public DateTimeOffset? StartedAt { get; set; }
        public bool Done { get; set; }
        public bool Cached { get; set; }
        public string? Error { get; set; }
        public DateTimeOffset LastLogged { get; set; } = DateTimeOffset.MinValue;
    }
}
