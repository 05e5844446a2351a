using BuildFarm.Data;

namespace BuildFarm.Cli.Tests.Features.Builds;

[Collection(FarmCollection.Name)]
public sealed class WatchCommandTests(FarmServer farm)
{
    [Fact]
    public async Task Should_print_each_step_as_it_appears_and_completes_then_exit_0_on_success()
    {
        var id = await SubmitAsync();
        var output = new LiveWriter();
        var watch = CliRun.RunAsync(["watch", id.ToString(), .. farm.Connection], output: output);
        await output.WaitForAsync("queued https://git.example.com/ml/trainer.git@main");

        await farm.UpdateBuildAsync(id, b => (b.Status, b.AgentId, b.PlacementReason) = ("assigned", "gpu-2", "14/16 steps cached"));
        await output.WaitForAsync("assigned to gpu-2: 14/16 steps cached");

        await farm.UpdateBuildAsync(id, b =>
        {
            (b.Status, b.StartedAt) = ("running", DateTimeOffset.UtcNow);
            b.Steps.Add(Step(id, 1, "COPY requirements.txt /tmp/", "cached", 0));
            b.Steps.Add(Step(id, 2, "RUN pip install -r /tmp/requirements.txt", "running", null));
        });
        await output.WaitForAsync("[2] RUN pip install -r /tmp/requirements.txt\n");
        Assert.Contains("running on gpu-2", output.ToString());
        Assert.Contains("[1] COPY requirements.txt /tmp/  CACHED", output.ToString());

        await farm.UpdateBuildAsync(id, b =>
        {
            var step = b.Steps.Single(s => s.Index == 2);
            (step.Status, step.DurationMs, step.CompletedAt) = ("done", 83_500, DateTimeOffset.UtcNow);
            (b.Status, b.FinishedAt, b.DurationMs, b.StepsCached, b.StepsTotal, b.ImageId) =
                ("succeeded", DateTimeOffset.UtcNow, 90_000, 1, 2, "sha256:abc123");
        });
        var run = await watch;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[2] RUN pip install -r /tmp/requirements.txt  DONE 1m23s", run.Out);
        Assert.Contains($"Build {id} succeeded in 1m30s on gpu-2: 1/2 steps cached, image sha256:abc123", run.Out);
        Assert.Single(run.Out.Split('\n'), l => l.Contains("[1] COPY"));
    }

    [Fact]
    public async Task Should_exit_1_with_the_error_when_the_build_fails()
    {
        var id = await SubmitAsync();
        await farm.UpdateBuildAsync(id, b =>
        {
            (b.Status, b.AgentId, b.Error, b.FailedStep) = ("failed", "gpu-1", "RUN make: exit code 2", 1);
            b.Steps.Add(Step(id, 1, "RUN make", "failed", 2_100));
            b.Steps[0].Error = "exit code 2";
        });

        var run = await CliRun.RunAsync(["watch", id.ToString(), .. farm.Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[1] RUN make  FAILED 2.1s: exit code 2", run.Out);
        Assert.Contains($"Build {id} failed at step 1: RUN make: exit code 2", run.Error);
    }

    [Fact]
    public async Task Should_exit_1_when_the_build_was_cancelled()
    {
        var id = await SubmitAsync();
        await farm.UpdateBuildAsync(id, b => b.Status = "cancelled");

        var run = await CliRun.RunAsync(["watch", id.ToString(), .. farm.Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Build {id} was cancelled", run.Error);
    }

    [Fact]
    public async Task Should_follow_a_submitted_build_with_wait()
    {
        var output = new LiveWriter();
        var submit = CliRun.RunAsync(["submit", "https://git.example.com/ml/trainer.git", "--ref", "main", "--wait", .. farm.Connection], output: output);
        await output.WaitForAsync("queued https://git.example.com/ml/trainer.git@main");
        var id = Guid.Parse(output.ToString().Split(' ')[1]);

        await farm.UpdateBuildAsync(id, b => (b.Status, b.Error) = ("failed", "git fetch: repository not found"));

        var run = await submit;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("git fetch: repository not found", run.Error);
    }

    [Fact]
    public async Task Should_say_the_build_does_not_exist()
    {
        var run = await CliRun.RunAsync(["watch", Guid.NewGuid().ToString(), .. farm.Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such build (404)", run.Error);
    }

    private async Task<Guid> SubmitAsync()
    {
        var run = await CliRun.RunAsync(["submit", "https://git.example.com/ml/trainer.git", "--ref", "main", "--quiet", .. farm.Connection]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Guid.Parse(run.Out.Trim());
    }

    private static BuildStep Step(Guid build, int index, string instruction, string status, long? durationMs) => new()
    {
        BuildId = build,
        Index = index,
        Instruction = instruction,
        Status = status,
        Cached = status == "cached",
        DurationMs = durationMs,
        StartedAt = DateTimeOffset.UtcNow,
        CompletedAt = status == "running" ? null : DateTimeOffset.UtcNow,
    };
}
