using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>Planned keys reach the step events of a real BuildKit build. The plans here are written by hand the way
/// BuildKit numbers steps (checked on Debian's docker.io 20.10.24): a stage FROM an image has a FROM vertex numbered 1; a
/// stage FROM another stage or FROM scratch has none, so its first RUN/COPY/ADD/WORKDIR is 1; ENV, ARG, LABEL, CMD and
/// the like have no vertex; steps carry the stage's name (else "stage-N") only when the Dockerfile has more than one stage.</summary>
[Collection(EngineCollection.Name)]
public sealed class BuildRunnerKeyTests(EngineFixture fixture) : IDisposable
{
    const string Base = "sha256:" + "0000000000000000000000000000000000000000000000000000000000000001";

    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    readonly string _token = Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    static string Key(string name) => name.PadRight(64, '0');

    StartBuild Job(IReadOnlyList<StepKey> keys) =>
        new(Guid.NewGuid(), 1, new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false), Keys: keys);

    async Task<IReadOnlyList<StepCompleted>> BuildAsync(StartBuild job) => (await RunAsync(job)).Completed;

    async Task<RecordingSink> RunAsync(StartBuild job)
    {
        var sink = new RecordingSink();
        var runner = new BuildRunner(
            fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers, new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true), TimeProvider.System);
        var finished = await runner.RunAsync(job, "agent-1", sink, CancellationToken.None);
        Assert.True(finished.Outcome == BuildOutcome.Succeeded, finished.Error);
        return sink;
    }

    [Fact]
    public async Task Should_tag_every_step_of_a_multi_stage_build_with_its_planned_key()
    {
        _repo.Write("Dockerfile", $"""
            FROM {BusyboxBase.Reference} AS Builder
            ENV TOKEN={_token}
            RUN echo $TOKEN > /token
            COPY app.txt /app.txt
            FROM builder AS tested
            RUN cat /token /app.txt
            FROM scratch
            COPY --from=tested /token /token
            LABEL purpose=keys
            """).Write("app.txt", "app").Commit();
        IReadOnlyList<StepKey> keys =
        [
            new("builder", 0, 1, Base), new("builder", 1, null, Key("b-env")), new("builder", 2, 2, Key("b-run")), new("builder", 3, 3, Key("b-copy")),
            new("tested", 0, null, Key("b-copy")), new("tested", 1, 1, Key("t-run")),
            new("stage-2", 0, null, Key("scratch")), new("stage-2", 1, 1, Key("s-copy")), new("stage-2", 2, null, Key("s-label")),
        ];

        var completed = await BuildAsync(Job(keys));

        Assert.Equal(
            [("builder", "FROM", Base), ("builder", "RUN", Key("b-run")), ("builder", "COPY", Key("b-copy")),
             ("tested", "RUN", Key("t-run")), ("stage-2", "COPY", Key("s-copy"))],
            completed.OrderBy(c => c.Index).Select(c => (c.Stage, c.Instruction.Split(' ')[0], c.Key)));
    }

    [Fact]
    public async Task Should_tag_the_steps_of_a_single_stage_build_whose_names_carry_no_stage()
    {
        var dockerfile = $"FROM {BusyboxBase.Reference} AS only\nARG N=1\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"RUN echo {_token} {i}\n"));
        _repo.Write("Dockerfile", dockerfile).Commit();
        IReadOnlyList<StepKey> keys =
        [
            new("only", 0, 1, Base), new("only", 1, null, Key("arg")),
            .. Enumerable.Range(1, 10).Select(i => new StepKey("only", i + 1, i + 1, Key($"run{i}"))),
        ];

        var completed = await BuildAsync(Job(keys));

        // Eleven steps: BuildKit pads the numbers ("[ 2/11]"), which must not lose a step.
        Assert.Equal([Base, .. Enumerable.Range(1, 10).Select(i => Key($"run{i}"))], completed.OrderBy(c => c.Index).Select(c => c.Key));
        Assert.All(completed, c => Assert.Null(c.Stage));
    }

    [Fact]
    public async Task Should_name_a_steps_planned_key_when_it_starts_not_only_when_it_completes()
    {
        // The RUN's name is expanded by BuildKit ($TOKEN), so only the key ties the running step to its planned row.
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nENV TOKEN={_token}\nRUN echo $TOKEN > /token\n").Commit();
        IReadOnlyList<StepKey> keys = [new("stage-0", 0, 1, Base), new("stage-0", 1, null, Key("env")), new("stage-0", 2, 2, Key("run"))];

        var sink = await RunAsync(Job(keys));

        var run = Assert.Single(sink.Started, s => s.Instruction.StartsWith("RUN", StringComparison.Ordinal));
        Assert.Equal(Key("run"), run.Key);
        Assert.Equal(run.Key, Assert.Single(sink.Completed, c => c.Index == run.Index).Key);
    }
}
