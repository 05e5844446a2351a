using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Builds;

[Collection(EngineCollection.Name)]
public sealed class BuildRunnerTests(EngineFixture fixture) : IDisposable
{
    const string From = "FROM " + BusyboxBase.Reference;

    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    // Every test builds something no other test (or earlier test run on a shared engine) has built, so cache results
    // depend only on what the test itself did.
    readonly string _token = Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    BuildRunner Runner() =>
        new(fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers, new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true),
            TimeProvider.System);

    StartBuild Job(string gitRef = "main", string context = ".", string dockerfile = "Dockerfile", string? target = null,
        Dictionary<string, string>? buildArgs = null, IReadOnlyList<string>? tags = null) =>
        new(Guid.NewGuid(), 1, new BuildSpec(_repo.Url, gitRef, dockerfile, context, target, buildArgs ?? [], tags ?? [], false, false));

    [Fact]
    public async Task Should_stream_every_step_as_it_happens_and_return_the_image()
    {
        _repo.Write("Dockerfile", $"{From}\nRUN echo token {_token} && echo preparing\nCOPY app.txt /app/app.txt\nRUN sleep 2\nRUN cat /app/app.txt\n")
            .Write("app.txt", "hello from app").Commit();
        var sink = new RecordingSink();
        var job = Job();

        var finished = await Runner().RunAsync(job, "agent-1", sink, CancellationToken.None);
        var returnedAt = DateTime.UtcNow;

        Assert.Equal((BuildOutcome.Succeeded, null, null), (finished.Outcome, finished.Error, finished.FailedStep));
        Assert.Equal((job.BuildId, 1, "agent-1"), (finished.BuildId, finished.Attempt, finished.AgentId));
        Assert.StartsWith("sha256:", finished.ImageId);
        Assert.True(finished.ImageSizeBytes > 0);
        Assert.Equal((0, 4), (finished.StepsCached, finished.StepsTotal));
        Assert.InRange(finished.DurationMs, 2000, 120_000);

        Assert.Equal([0, 1, 2, 3, 4], sink.Started.Select(s => s.Index));
        Assert.Equal([0, 1, 2, 3, 4], sink.Completed.Select(c => c.Index).Order());
        var events = sink.Events.ToList();
        Assert.All(sink.Started, s => Assert.True(
            events.FindIndex(e => e is StepStarted x && x.Index == s.Index) < events.FindIndex(e => e is StepCompleted c && c.Index == s.Index)));
        Assert.Contains("hello from app", sink.LogOf(4));
        Assert.Equal([$"token {_token}", "preparing"], sink.LogOf(1));

        // Step 1 must have been reported while "RUN sleep 2" still ran, not replayed at the end.
        var step1Done = sink.Timeline.Single(e => e.Event is StepCompleted { Index: 1 }).At;
        Assert.True(returnedAt - step1Done > TimeSpan.FromSeconds(1.5), $"step 1 reported {returnedAt - step1Done} before the end");
        Assert.Empty(Directory.GetFileSystemEntries(_work.Path));
    }

    [Fact]
    public async Task Should_report_every_step_but_FROM_cached_when_a_commit_is_built_again()
    {
        _repo.Write("Dockerfile", $"{From}\nRUN echo {_token}\nCOPY app.txt /app.txt\nRUN cat /app.txt\n").Write("app.txt", "app").Commit();
        await Runner().RunAsync(Job(), "agent-1", new RecordingSink(), CancellationToken.None);
        var sink = new RecordingSink();

        var again = await Runner().RunAsync(Job(), "agent-1", sink, CancellationToken.None);

        Assert.Equal((BuildOutcome.Succeeded, 3, 3), (again.Outcome, again.StepsCached, again.StepsTotal));
        Assert.All(sink.Completed.Where(c => c.Index > 0), c => Assert.True(c.Cached));
    }

    [Fact]
    public async Task Should_build_a_commit_again_from_the_kept_checkout_without_fetching_it()
    {
        var commit = _repo.Write("Dockerfile", $"{From}\nCOPY app.txt /app.txt\nRUN cat /app.txt && echo {_token}\n").Write("app.txt", "kept").Commit();
        var runner = new BuildRunner(fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers,
            new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true), TimeProvider.System,
            checkouts: CheckoutCache.Open(_work.Combine(".checkouts"), 8));
        // As Web sends it: the branch asked for, pinned to the commit it was at.
        await runner.RunAsync(Job() with { Commit = commit }, "agent-1", new RecordingSink(), CancellationToken.None);
        Directory.Move(_repo.Path, _repo.Path + "-gone");

        var again = await runner.RunAsync(Job() with { Commit = commit }, "agent-1", new RecordingSink(), CancellationToken.None);
        Directory.Move(_repo.Path + "-gone", _repo.Path);

        Assert.Equal((BuildOutcome.Succeeded, null), (again.Outcome, again.Error));
        // The build's own folder is gone; the checkout stays for the next build of the commit.
        Assert.Equal([_work.Combine(".checkouts")], Directory.GetFileSystemEntries(_work.Path));
    }

    [Fact]
    public async Task Should_rebuild_exactly_the_steps_from_a_changed_late_copy_on()
    {
        _repo.Write("Dockerfile", $"{From}\nRUN echo {_token}\nCOPY early.txt /early.txt\nRUN cat /early.txt\nCOPY late.txt /late.txt\nRUN cat /late.txt\n")
            .Write("early.txt", "early").Write("late.txt", "late v1").Commit();
        await Runner().RunAsync(Job(), "agent-1", new RecordingSink(), CancellationToken.None);
        _repo.Write("late.txt", "late v2").Commit();
        var sink = new RecordingSink();

        var finished = await Runner().RunAsync(Job(), "agent-1", sink, CancellationToken.None);

        Assert.Equal((BuildOutcome.Succeeded, 3, 5), (finished.Outcome, finished.StepsCached, finished.StepsTotal));
        Assert.Equal([(1, true), (2, true), (3, true), (4, false), (5, false)],
            sink.Completed.Where(c => c.Index > 0).OrderBy(c => c.Index).Select(c => (c.Index, c.Cached)));
        Assert.Contains("late v2", sink.LogOf(5));
    }

    [Fact]
    public async Task Should_fail_with_the_engines_error_and_name_the_failing_step()
    {
        _repo.Write("Dockerfile", $"{From}\nRUN echo {_token}\nRUN echo \"missing libfoo\" >&2 && exit 3\nRUN echo never\n").Commit();
        var sink = new RecordingSink();

        var finished = await Runner().RunAsync(Job(), "agent-1", sink, CancellationToken.None);

        Assert.Equal((BuildOutcome.Failed, 2, null), (finished.Outcome, finished.FailedStep, finished.ImageId));
        Assert.Contains("exit code: 3", finished.Error);
        var failed = sink.Completed.Single(c => c.Index == 2);
        Assert.Contains("exit code: 3", failed.Error);
        Assert.Equal(["missing libfoo"], sink.LogOf(2));
        Assert.DoesNotContain(sink.Started, s => s.Index == 3);
    }

    [Fact]
    public async Task Should_fail_with_the_engines_own_message_for_a_dockerfile_syntax_error()
    {
        _repo.Write("Dockerfile", $"{From}\nRUNN echo {_token}\n").Commit();

        var finished = await Runner().RunAsync(Job(), "agent-1", new RecordingSink(), CancellationToken.None);

        Assert.Equal((BuildOutcome.Failed, null), (finished.Outcome, finished.FailedStep));
        Assert.Contains("unknown instruction: RUNN", finished.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_stop_the_engines_build_within_seconds_when_cancelled()
    {
        // The shell must outlive the sleep to echo the token, so its command line carries the token while the step runs.
        _repo.Write("Dockerfile", $"{From}\nRUN echo started && sleep 60 && echo {_token}\n").Commit();
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        var running = Runner().RunAsync(Job(), "agent-1", sink, cancel.Token);
        await sink.WaitForAsync(e => e is StepLogged { Index: 1 } l && l.Lines.Contains("started")).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(StepProcesses.AnyRunning(_token), "the RUN step's shell should be running before the cancel");

        var cancelledAt = DateTime.UtcNow;
        await cancel.CancelAsync();
        var finished = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(DateTime.UtcNow - cancelledAt, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal((BuildOutcome.Cancelled, null, null), (finished.Outcome, finished.Error, finished.FailedStep));
        Assert.NotNull(sink.Completed.Single(c => c.Index == 1).Error);
        Assert.True(await StepProcesses.GoneAsync(_token, TimeSpan.FromSeconds(5)), "the engine should have stopped the RUN step");
    }

    [Fact]
    public async Task Should_pass_context_dockerfile_target_build_args_and_tags_to_the_engine()
    {
        var tag = $"buildfarm-test/runner:{_token[..12]}";
        _repo.Write("svc/build/Dockerfile", $"{From} AS app\nARG GREETING\nRUN echo {_token} && echo \"greeting=$GREETING\"\n{From} AS broken\nRUN exit 1\n")
            .Write("other/Dockerfile", "not even a dockerfile").Commit();
        var sink = new RecordingSink();

        var finished = await Runner().RunAsync(
            Job(context: "svc", dockerfile: "build/Dockerfile", target: "app", buildArgs: new() { ["GREETING"] = "hello; $(rm -rf /)" }, tags: [tag]),
            "agent-1", sink, CancellationToken.None);

        Assert.Equal(BuildOutcome.Succeeded, finished.Outcome);
        Assert.Contains("greeting=hello; $(rm -rf /)", sink.LogOf(sink.Completed.Single(c => c.Instruction.StartsWith("RUN echo")).Index));
        Assert.Equal("app", sink.Started[0].Stage);
        Assert.Equal(finished.ImageSizeBytes, await fixture.Engine.Images.GetSizeAsync(tag));
    }
}
