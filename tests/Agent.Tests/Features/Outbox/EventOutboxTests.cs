using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Outbox;

public sealed class EventOutboxTests : IDisposable
{
    static readonly Guid Build = Guid.NewGuid();
    static readonly DateTimeOffset At = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    readonly TempDir _data = new();

    public void Dispose() => _data.Dispose();

    string SpillPath => _data.Combine("outbox.jsonl");

    static StepStarted Step(int index) => new(Build, 1, index, null, $"RUN echo {index}", At.AddSeconds(index));

    static List<object> Drain(EventOutbox outbox)
    {
        var drained = new List<object>();
        while (outbox.TryPeek(out var message))
        {
            drained.Add(message);
            outbox.Remove();
        }
        return drained;
    }

    [Fact]
    public void Should_keep_the_order_when_messages_overflow_into_the_spill_file()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 2);
        for (var i = 0; i < 5; i++)
            outbox.Add(Step(i));

        Assert.Equal(2, outbox.InMemory.Count);
        Assert.True(File.Exists(SpillPath));
        Assert.Equal(Enumerable.Range(0, 5).Select(Step).Cast<object>(), Drain(outbox));
        Assert.False(File.Exists(SpillPath));
    }

    [Fact]
    public void Should_publish_on_the_next_start_what_was_left_at_a_stop_in_order()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 2);
        for (var i = 0; i < 5; i++)
            outbox.Add(Step(i));
        Assert.True(outbox.TryPeek(out _));
        outbox.Remove();
        outbox.Add(new BuildFinished(Build, 1, "agent-1", BuildOutcome.Succeeded, "sha256:1", 10, 1234, 0, 4, null, null, At));

        outbox.SpillAll();
        var restarted = new EventOutbox(SpillPath, memoryLimit: 2);

        Assert.Equal(5, restarted.Count);
        var drained = Drain(restarted);
        Assert.Equal(Enumerable.Range(1, 4).Select(Step).Cast<object>(), drained.Take(4));
        Assert.Equal(1234, Assert.IsType<BuildFinished>(drained[4]).DurationMs);
    }

    static BuildFinished Finished(Guid build, int attempt = 1) =>
        new(build, attempt, "agent-1", BuildOutcome.Succeeded, "sha256:1", 10, 1234, 0, 4, null, null, At);

    [Fact]
    public void Should_name_an_ended_attempt_from_when_its_result_is_added_until_well_after_the_broker_took_it()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 1);
        var other = Guid.NewGuid();
        outbox.Add(Step(0));
        Assert.Empty(outbox.Ended);
        outbox.Add(Finished(Build));
        outbox.Add(Finished(other, attempt: 2));
        Assert.Equal(new[] { new EndedAttempt(Build, 1), new EndedAttempt(other, 2) }.OrderBy(e => e.BuildId), outbox.Ended.OrderBy(e => e.BuildId));

        Drain(outbox);

        // Taken by the broker is not yet read by the scheduler.
        Assert.Equal(new[] { new EndedAttempt(Build, 1), new EndedAttempt(other, 2) }.OrderBy(e => e.BuildId), outbox.Ended.OrderBy(e => e.BuildId));
    }

    [Fact]
    public void Should_forget_the_oldest_sent_results_past_the_number_it_keeps()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 4);
        var builds = Enumerable.Range(0, EventOutbox.SentKept + 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var build in builds)
            outbox.Add(Finished(build));
        Assert.Equal(builds.Count, outbox.Ended.Count);

        Drain(outbox);

        Assert.Equal(builds.Skip(3).Select(b => new EndedAttempt(b, 1)).OrderBy(e => e.BuildId), outbox.Ended.OrderBy(e => e.BuildId));
    }

    [Fact]
    public void Should_name_on_the_next_start_the_results_a_stop_left_unsent()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 2);
        outbox.Add(Step(0));
        outbox.Add(Finished(Build));
        outbox.SpillAll();

        var restarted = new EventOutbox(SpillPath, memoryLimit: 2);

        Assert.Equal([new EndedAttempt(Build, 1)], restarted.Ended);
    }
}
