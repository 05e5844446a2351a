using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>An oversized Dockerfile or context fails the build with the limit named before the tar is written. The
/// engine is an address nothing listens on: had anything been sent, the build would come back lost, not failed.</summary>
public sealed class ContextLimitRunnerTests : IDisposable
{
    static readonly ContextLimits Small = new(MaxDockerfileBytes: 64, MaxContextBytes: 1000, MaxContextFiles: 5);
    const string Dockerfile = "FROM scratch\nCOPY . /\n";

    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    readonly TestEngine _deadEngine = new("unix://" + Path.Combine(Path.GetTempPath(), $"bf-{Guid.NewGuid():N}.sock"));

    public void Dispose()
    {
        _deadEngine.Dispose();
        _repo.Dispose();
        _work.Dispose();
    }

    Task<BuildFinished> Run() =>
        new BuildRunner(_deadEngine.System, _deadEngine.Images, _deadEngine.Containers,
            new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true) { ContextLimits = Small }, TimeProvider.System).RunAsync(
            new StartBuild(Guid.NewGuid(), 1, new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false)),
            "agent-1", new RecordingSink(), CancellationToken.None);

    [Fact]
    public async Task Should_fail_a_dockerfile_over_the_limit_naming_it_without_reaching_the_engine()
    {
        _repo.Write("Dockerfile", Dockerfile + "# " + new string('x', 100) + "\n").Commit();

        var finished = await Run();

        Assert.Equal((BuildOutcome.Failed, "Dockerfile 'Dockerfile' is 125 bytes, over the farm's limit of 64 bytes for a Dockerfile"),
            (finished.Outcome, finished.Error));
        Assert.Empty(Directory.GetFileSystemEntries(_work.Path));
    }

    [Fact]
    public async Task Should_fail_a_context_over_the_byte_limit_naming_it_without_reaching_the_engine()
    {
        _repo.Write("Dockerfile", Dockerfile).Write("weights.bin", new string('w', 2000)).Commit();

        var finished = await Run();

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.StartsWith("Context '.' holds at least 2 KiB (2,022 bytes) after .dockerignore, over the farm's limit of 1,000 bytes", finished.Error);
    }

    [Fact]
    public async Task Should_fail_a_context_over_the_file_limit_at_the_first_file_past_it()
    {
        _repo.Write("Dockerfile", Dockerfile);
        for (var i = 0; i < 20; i++)
            _repo.Write($"data/{i:00}.txt", "x");
        _repo.Commit();

        var finished = await Run();

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.StartsWith("Context '.' holds at least 6 files after .dockerignore, over the farm's limit of 5 files", finished.Error);
    }

    [Fact]
    public async Task Should_count_only_what_dockerignore_keeps_and_so_reach_the_engine()
    {
        _repo.Write("Dockerfile", Dockerfile).Write("weights.bin", new string('w', 2000)).Write(".dockerignore", "*.bin\n").Commit();

        var finished = await Run();

        // Within the limits, the tar goes to the engine, which is not there: the build is lost, proving the check passed.
        Assert.Equal(BuildOutcome.Lost, finished.Outcome);
    }
}
