using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;
using static BuildFarm.Agent.Tests.Features.Builds.BuildKitTraces;

namespace BuildFarm.Agent.Tests.Features.Builds;

public class StepTrackerTests
{
    static readonly Guid BuildId = Guid.NewGuid();

    static StepTracker Tracker(TimeSpan? logInterval = null, int maxBatchBytes = StepTracker.DefaultLogBatchBytes) =>
        new(BuildId, 3, logInterval ?? TimeSpan.Zero, maxBatchBytes);

    [Fact]
    public void Should_report_each_dockerfile_step_in_dockerfile_order_even_when_BuildKit_announces_FROM_last()
    {
        var events = Replay(Tracker(), Read("first-build.jsonl"));

        var started = events.OfType<StepStarted>().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], started.Select(s => s.Index));
        Assert.Equal(
            ["FROM docker.io/library/bf-base:1", "RUN echo \"preparing\" && for i in 1 2 3; do echo line $i; done", "COPY app.txt /app/app.txt",
             "RUN cat /app/app.txt && echo built >&2", "COPY late.txt /app/late.txt", "RUN ls /app"],
            started.Select(s => s.Instruction));
        Assert.All(started, s => Assert.Equal((BuildId, 3, (string?)null), (s.BuildId, s.Attempt, s.Stage)));
        Assert.DoesNotContain(events.OfType<StepCompleted>(), c => c.Instruction.Contains("internal") || c.Instruction.Contains("exporting"));
    }

    [Fact]
    public void Should_send_each_steps_start_before_its_completion_and_each_only_once()
    {
        var events = Replay(Tracker(), Read("first-build.jsonl"));

        for (var index = 0; index < 6; index++)
        {
            var start = events.FindIndex(e => e is StepStarted s && s.Index == index);
            var end = events.FindIndex(e => e is StepCompleted c && c.Index == index);
            Assert.InRange(start, 0, end - 1);
            Assert.Single(events, e => e is StepCompleted c && c.Index == index);
        }
    }

    [Fact]
    public void Should_count_nothing_cached_on_a_first_build_leaving_FROM_out()
    {
        var tracker = Tracker();
        var events = Replay(tracker, Read("first-build.jsonl"));

        Assert.Equal((0, 5), (tracker.StepsCached, tracker.StepsTotal));
        Assert.All(events.OfType<StepCompleted>().Where(c => c.Index > 0), c => Assert.False(c.Cached));
        Assert.Null(tracker.FailedStep);
    }

    [Fact]
    public void Should_count_every_step_but_FROM_cached_on_a_rebuild()
    {
        var tracker = Tracker();
        var events = Replay(tracker, Read("rebuild-cached.jsonl"));

        Assert.Equal((5, 5), (tracker.StepsCached, tracker.StepsTotal));
        Assert.All(events.OfType<StepCompleted>().Where(c => c.Index > 0), c => Assert.True(c.Cached));
    }

    [Fact]
    public void Should_keep_what_each_step_printed_on_both_streams()
    {
        var events = Replay(Tracker(), Read("first-build.jsonl"));

        Assert.Equal(["preparing", "line 1", "line 2", "line 3"], LogOf(events, 1));
        Assert.Equal(["app", "built"], LogOf(events, 3));
        Assert.Empty(LogOf(events, 2));
    }

    [Fact]
    public void Should_name_the_failing_step_with_the_engines_error_and_its_output()
    {
        var tracker = Tracker();
        var events = Replay(tracker, Read("failed-run.jsonl"));

        Assert.Equal(2, tracker.FailedStep);
        var failed = events.OfType<StepCompleted>().Single(c => c.Index == 2);
        Assert.Equal("executor failed running [/bin/sh -c echo \"missing dependency libfoo\" >&2 && exit 2]: exit code: 2", failed.Error);
        Assert.False(failed.Cached);
        Assert.Equal(["missing dependency libfoo"], LogOf(events, 2));
        Assert.DoesNotContain(events, e => e is StepStarted { Index: 3 });
        Assert.Equal(3, tracker.StepsTotal);
    }

    [Fact]
    public void Should_number_stages_one_after_another_and_name_them()
    {
        var started = Replay(Tracker(), Read("multi-stage.jsonl")).OfType<StepStarted>().Select(s => (s.Index, s.Stage, s.Instruction));

        // Both stages start FROM the same base: BuildKit runs that vertex once, under the first stage's name.
        Assert.Equal(
            [(0, "build", "FROM docker.io/library/bf-base:1"), (1, "build", "RUN mkdir /out && echo artifact > /out/a"),
             (3, "stage-1", "COPY --from=build /out/a /a"), (4, "stage-1", "RUN cat /a")],
            started);
    }

    [Fact]
    public void Should_end_the_steps_left_running_when_the_stream_stops()
    {
        var tracker = Tracker();
        var recorded = Read("cancelled.jsonl");
        var beforeCancel = recorded.TakeWhile(m => !(BuildTrace.Status(m)?.Vertexes.Any(v => v.Error.Length > 0) ?? false));
        var events = Replay(tracker, beforeCancel);

        var finished = tracker.Finish(DateTimeOffset.UnixEpoch, "cancelled");

        var step = Assert.IsType<StepCompleted>(Assert.Single(finished, e => e is StepCompleted));
        Assert.Equal((1, "cancelled", false), (step.Index, step.Error, step.Cached));
        Assert.Equal(["before"], LogOf(events.Concat(finished), 1));
        Assert.Empty(tracker.Finish(DateTimeOffset.UnixEpoch, "cancelled"));
    }

    [Fact]
    public void Should_send_a_steps_first_lines_at_once_and_later_ones_at_most_once_per_interval()
    {
        var tracker = Tracker(TimeSpan.FromMilliseconds(500));
        var t0 = DateTimeOffset.UnixEpoch;
        tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN make", started: t0)), t0);

        var first = tracker.Observe(Log("sha256:a", "one\n"), t0);
        var soon = tracker.Observe(Log("sha256:a", "two\n"), t0.AddMilliseconds(100));
        var later = tracker.Observe(Log("sha256:a", "three\n"), t0.AddMilliseconds(600));

        Assert.Equal("0: one", Batch(Assert.Single(first)));
        Assert.Empty(soon);
        Assert.Equal("1: two|three", Batch(Assert.Single(later)));
    }

    [Fact]
    public void Should_send_held_back_lines_once_the_interval_has_passed_even_without_new_output()
    {
        var tracker = Tracker(TimeSpan.FromMilliseconds(500));
        var t0 = DateTimeOffset.UnixEpoch;
        tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN make", started: t0)), t0);
        tracker.Observe(Log("sha256:a", "zero\n"), t0);
        tracker.Observe(Log("sha256:a", "one\n"), t0.AddMilliseconds(100));
        tracker.Observe(Log("sha256:a", "two\n"), t0.AddMilliseconds(200));

        Assert.Empty(tracker.FlushLogs(t0.AddMilliseconds(400)));
        Assert.Equal("1: one|two", Batch(Assert.Single(tracker.FlushLogs(t0.AddMilliseconds(500)))));
        Assert.Empty(tracker.FlushLogs(t0.AddSeconds(5)));
    }

    [Fact]
    public void Should_send_every_line_once_and_a_progress_line_as_a_terminal_shows_it_when_the_step_ends()
    {
        var tracker = Tracker();
        var t0 = DateTimeOffset.UnixEpoch;
        var events = new List<object>(tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN make", started: t0)), t0));
        events.AddRange(tracker.Observe(Log("sha256:a", string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"))), t0));
        events.AddRange(tracker.Observe(Log("sha256:a", "get 10%\rget 50%\rget 9"), t0));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"line {i}"), LogOf(events, 1));

        events.AddRange(tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN make", started: t0, completed: t0.AddSeconds(1))), t0));

        Assert.Equal([.. Enumerable.Range(1, 30).Select(i => $"line {i}"), "get 9"], LogOf(events, 1));
        // The step's last lines travel ahead of its completion, so the farm has the whole log when it hears it ended.
        Assert.IsType<StepCompleted>(events[^1]);
    }

    [Fact]
    public void Should_send_a_flood_in_bounded_batches_without_waiting_for_the_interval()
    {
        var tracker = Tracker(TimeSpan.FromHours(1), maxBatchBytes: 4096);
        var t0 = DateTimeOffset.UnixEpoch;
        tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN pip install torch", started: t0)), t0);
        tracker.Observe(Log("sha256:a", "first\n"), t0);
        var lines = Enumerable.Range(1, 10_000).Select(i => $"Collecting package-{i} (from -r requirements.txt, line {i})").ToList();

        var events = tracker.Observe(Log("sha256:a", string.Concat(lines.Select(l => l + "\n"))), t0.AddSeconds(1));

        var batches = events.OfType<StepLogged>().ToList();
        Assert.True(batches.Count > 100, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.InRange(b.Lines.Sum(l => System.Text.Encoding.UTF8.GetByteCount(l) + 1), 1, 4096));
        Assert.Equal(Enumerable.Range(1, batches.Count), batches.Select(b => b.Seq));
        Assert.Equal(lines, batches.SelectMany(b => b.Lines));
    }

    [Fact]
    public void Should_join_a_character_split_across_two_messages()
    {
        var tracker = Tracker();
        var t0 = DateTimeOffset.UnixEpoch;
        tracker.Observe(Status(Vertex("sha256:a", "[2/2] RUN make", started: t0)), t0);
        var bytes = System.Text.Encoding.UTF8.GetBytes("größe\n");
        var first = new Protos.BuildKit.StatusResponse();
        first.Logs.Add(new Protos.BuildKit.VertexLog { Vertex = "sha256:a", Stream = 1, Msg = Google.Protobuf.ByteString.CopyFrom(bytes, 0, 3) });
        var second = new Protos.BuildKit.StatusResponse();
        second.Logs.Add(new Protos.BuildKit.VertexLog { Vertex = "sha256:a", Stream = 1, Msg = Google.Protobuf.ByteString.CopyFrom(bytes, 3, bytes.Length - 3) });

        Assert.Empty(tracker.Observe(first, t0));
        var logged = tracker.Observe(second, t0);

        Assert.Equal("0: größe", Batch(Assert.Single(logged)));
    }

    /// <summary>"1: two|three": a batch's number and lines.</summary>
    static string Batch(object logged) =>
        Assert.IsType<StepLogged>(logged) is var l ? $"{l.Seq}: {string.Join('|', l.Lines)}" : "";
}
