using System.Collections.Concurrent;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>Keeps every step event in arrival order, with when it arrived, and lets a test wait for one.</summary>
public sealed class RecordingSink : IBuildEventSink
{
    readonly ConcurrentQueue<(object Event, DateTime At)> _events = new();
    readonly ConcurrentBag<(Func<object, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyList<object> Events => _events.Select(e => e.Event).ToList();

    public IReadOnlyList<(object Event, DateTime At)> Timeline => _events.ToList();

    public IReadOnlyList<StepStarted> Started => Events.OfType<StepStarted>().ToList();

    public IReadOnlyList<StepCompleted> Completed => Events.OfType<StepCompleted>().ToList();

    public IReadOnlyList<StepLogged> Logged => Events.OfType<StepLogged>().ToList();

    /// <summary>Every line a step's batches carried, in order.</summary>
    public List<string> LogOf(int index) => BuildKitTraces.LogOf(Events, index);

    public Task StepStartedAsync(StepStarted e) => Record(e);

    public Task StepLoggedAsync(StepLogged e) => Record(e);

    public Task StepCompletedAsync(StepCompleted e) => Record(e);

    /// <summary>Completes when an event matching <paramref name="match"/> has arrived (or already had).</summary>
    public Task WaitForAsync(Func<object, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((match, seen));
        if (Events.Any(match))
            seen.TrySetResult();
        return seen.Task;
    }

    Task Record(object e)
    {
        _events.Enqueue((e, DateTime.UtcNow));
        foreach (var (match, seen) in _waiters)
        {
            if (match(e))
                seen.TrySetResult();
        }
        return Task.CompletedTask;
    }
}
