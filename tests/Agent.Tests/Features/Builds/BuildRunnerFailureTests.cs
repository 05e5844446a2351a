using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>Builds that end before the engine does any work: each must come back as an outcome that says why, and an
/// engine that does not answer is a lost build, not the user's failure.</summary>
public sealed class BuildRunnerFailureTests : IDisposable
{
    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    readonly string _deadSocket = Path.Combine(Path.GetTempPath(), $"bf-{Guid.NewGuid():N}.sock");
    readonly TestEngine _deadEngine;

    public BuildRunnerFailureTests()
    {
        _deadEngine = new TestEngine("unix://" + _deadSocket);
        _repo.Write("Dockerfile", "FROM scratch\nCOPY . /\n").Commit();
    }

    public void Dispose()
    {
        _deadEngine.Dispose();
        _repo.Dispose();
        _work.Dispose();
    }

    Task<BuildFinished> Run(string gitRef = "main", string dockerfile = "Dockerfile", bool allowLocal = true, CancellationToken ct = default) =>
        new BuildRunner(_deadEngine.System, _deadEngine.Images, _deadEngine.Containers, new BuildRunnerOptions(_work.Path, allowLocal), TimeProvider.System).RunAsync(
            new StartBuild(Guid.NewGuid(), 2, new BuildSpec(_repo.Url, gitRef, dockerfile, ".", null, new Dictionary<string, string>(), [], false, false)),
            "agent-1", new RecordingSink(), ct);

    [Fact]
    public async Task Should_report_the_build_lost_naming_the_engine_that_is_not_answering()
    {
        var finished = await Run();

        Assert.Equal((BuildOutcome.Lost, 2, "agent-1"), (finished.Outcome, finished.Attempt, finished.AgentId));
        Assert.StartsWith($"Docker engine at unix://{_deadSocket} is not answering: ", finished.Error);
        Assert.Empty(Directory.GetFileSystemEntries(_work.Path));
    }

    [Fact]
    public async Task Should_say_which_ref_is_missing()
    {
        var finished = await Run(gitRef: "release/9");

        Assert.Equal((BuildOutcome.Failed, $"ref 'release/9' not found in {_repo.Url}"), (finished.Outcome, finished.Error));
    }

    [Fact]
    public async Task Should_say_which_dockerfile_is_missing()
    {
        var finished = await Run(dockerfile: "gpu.Dockerfile");

        Assert.Equal((BuildOutcome.Failed, "Dockerfile 'gpu.Dockerfile' not found in context '.'"), (finished.Outcome, finished.Error));
    }

    [Fact]
    public async Task Should_refuse_a_local_repository_unless_the_agent_allows_them()
    {
        var finished = await Run(allowLocal: false);

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.Contains("is local", finished.Error);
    }

    [Fact]
    public async Task Should_return_cancelled_when_cancelled_before_the_engine_is_reached()
    {
        var finished = await Run(ct: new CancellationToken(canceled: true));

        Assert.Equal((BuildOutcome.Cancelled, null), (finished.Outcome, finished.Error));
    }
}
