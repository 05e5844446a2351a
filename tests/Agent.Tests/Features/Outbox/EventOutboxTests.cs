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

    static BuildFinished Finished(Guid build) => new(build, 1, "agent-1", BuildOutcome.Succeeded, "sha256:1", 10, 1234, 0, 4, null, null, At);

    [Fact]
    public void Should_list_a_build_as_undelivered_from_when_its_result_is_added_until_the_broker_took_it()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 1);
        var other = Guid.NewGuid();
        outbox.Add(Step(0));
        Assert.Empty(outbox.UndeliveredResults);
        outbox.Add(Finished(Build));
        outbox.Add(Finished(other));

        Assert.Equal(new[] { Build, other }.Order(), outbox.UndeliveredResults.Order());
        Assert.True(outbox.TryPeek(out _));
        outbox.Remove();
        Assert.True(outbox.TryPeek(out var result));
        Assert.Equal(Build, Assert.IsType<BuildFinished>(result).BuildId);
        Assert.Contains(Build, outbox.UndeliveredResults);
        outbox.Remove();

        Assert.Equal([other], outbox.UndeliveredResults);
        Drain(outbox);
        Assert.Empty(outbox.UndeliveredResults);
    }

    [Fact]
    public void Should_list_on_the_next_start_the_results_a_stop_left_undelivered()
    {
        var outbox = new EventOutbox(SpillPath, memoryLimit: 2);
        outbox.Add(Step(0));
        outbox.Add(Finished(Build));
        outbox.SpillAll();

        var restarted = new EventOutbox(SpillPath, memoryLimit: 2);

        Assert.Equal([Build], restarted.UndeliveredResults);
        Drain(restarted);
        Assert.Empty(restarted.UndeliveredResults);
    }
}
