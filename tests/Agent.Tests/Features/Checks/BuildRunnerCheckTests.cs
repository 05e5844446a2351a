using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Features.Checks;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Checks;

/// <summary>A build's check runs in the image the build just made, and its result decides the build.</summary>
[Collection(EngineCollection.Name)]
public sealed class BuildRunnerCheckTests(EngineFixture fixture) : IDisposable
{
    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    readonly string _token = Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    async Task<BuildFinished> Build(BuildCheck? check)
    {
        // The ENTRYPOINT would turn the check into arguments of echo if the runner did not clear it.
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {_token} > /token\nENTRYPOINT [\"echo\", \"wrapped\"]\n").Commit();
        var job = new StartBuild(Guid.NewGuid(), 1, new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null,
            new Dictionary<string, string>(), [], false, false, check));
        var runner = new BuildRunner(
            fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers, new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true), TimeProvider.System);
        var finished = await runner.RunAsync(job, "agent-1", new RecordingSink(), CancellationToken.None);
        Assert.Empty(await fixture.Engine.Containers.ListAsync($"{CheckRunner.Label}={job.BuildId}"));
        return finished;
    }

    [Fact]
    public async Task Should_succeed_with_the_check_result_when_the_check_passes_in_the_new_image()
    {
        var finished = await Build(new BuildCheck(["cat", "/token"], Gpus: false));

        Assert.Equal((BuildOutcome.Succeeded, null, null), (finished.Outcome, finished.Error, finished.FailedStep));
        Assert.StartsWith("sha256:", finished.ImageId);
        Assert.NotNull(finished.Check);
        Assert.Equal((0, null), (finished.Check.ExitCode, finished.Check.Error));
        Assert.Equal([_token], finished.Check.OutputTail);
    }

    [Fact]
    public async Task Should_fail_the_build_with_the_checks_output_when_it_exits_non_zero()
    {
        var finished = await Build(new BuildCheck(["sh", "-c", "echo checking >&2; echo 'CUDA not available' >&2; exit 3"], Gpus: false));

        Assert.Equal((BuildOutcome.Failed, "check failed (exit 3): CUDA not available", null),
            (finished.Outcome, finished.Error, finished.FailedStep));
        Assert.StartsWith("sha256:", finished.ImageId);
        Assert.Equal(3, finished.Check?.ExitCode);
        Assert.Equal(["checking", "CUDA not available"], finished.Check?.OutputTail);
    }

    [Fact]
    public async Task Should_fail_the_build_with_the_engines_error_when_the_check_cannot_start()
    {
        var finished = await Build(new BuildCheck(["pythonx", "-c", "import torch"], Gpus: false));

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.Contains("\"pythonx\": executable file not found in $PATH", finished.Error);
        Assert.Equal(finished.Error, finished.Check?.Error);
    }

    [Fact]
    public async Task Should_leave_the_check_out_when_the_build_has_none()
    {
        var finished = await Build(check: null);

        Assert.Equal((BuildOutcome.Succeeded, null), (finished.Outcome, finished.Check));
    }
}
