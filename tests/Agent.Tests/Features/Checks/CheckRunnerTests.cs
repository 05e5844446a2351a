using BuildFarm.Agent.Features.Checks;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Checks;

/// <summary>Checks run in a real image on a real engine; whatever happens, no check container is left behind.</summary>
[Collection(EngineCollection.Name)]
public sealed class CheckRunnerTests(EngineFixture fixture)
{
    readonly Guid _buildId = Guid.NewGuid();

    CheckRunner Runner() => new(fixture.Engine.Containers, TimeProvider.System, "none");

    Task<CheckResult> Run(IReadOnlyList<string> command, int timeoutSeconds = 60, string image = BusyboxBase.Reference,
        CancellationToken ct = default) =>
        Runner().RunAsync(image, new BuildCheck(command, Gpus: false, timeoutSeconds), _buildId, "agent-test", ct);

    async Task AssertNoContainerLeft() =>
        Assert.Empty(await fixture.Engine.Containers.ListAsync($"{CheckRunner.Label}={_buildId}"));

    [Fact]
    public async Task Should_pass_with_exit_code_zero_and_capture_stdout_and_stderr()
    {
        var result = await Run(["sh", "-c", "echo hello from check; echo warning >&2"]);

        Assert.Equal((0, null), (result.ExitCode, result.Error));
        // The engine copies stdout and stderr through separate pipes, so their relative order is not kept.
        Assert.Equal(["hello from check", "warning"], result.OutputTail.Order());
        Assert.InRange(result.DurationMs, 0, 30_000);
        Assert.Null(CheckVerdict.Failure(result));
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_report_a_non_zero_exit_code_with_the_output_tail()
    {
        var result = await Run(["sh", "-c", "echo importing torch >&2; echo 'AssertionError: no GPU' >&2; exit 3"]);

        Assert.Equal((3, null), (result.ExitCode, result.Error));
        Assert.Equal(["importing torch", "AssertionError: no GPU"], result.OutputTail);
        Assert.Equal("check failed (exit 3): AssertionError: no GPU", CheckVerdict.Failure(result));
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_pass_every_argument_literally_without_a_shell()
    {
        var result = await Run(["echo", "$HOME ; echo pwned", "`id`", "a  b"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["$HOME ; echo pwned `id` a  b"], result.OutputTail);
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_keep_only_the_last_fifty_lines()
    {
        var result = await Run(["sh", "-c", "i=0; while [ $i -lt 120 ]; do echo line $i; i=$((i+1)); done"]);

        Assert.Equal(50, result.OutputTail.Count);
        Assert.Equal(("line 70", "line 119"), (result.OutputTail[0], result.OutputTail[^1]));
    }

    [Fact]
    public async Task Should_say_in_the_engines_words_when_the_command_does_not_exist()
    {
        var result = await Run(["pythonx", "-c", "import torch"]);

        Assert.Equal(CheckRunner.NoExitCode, result.ExitCode);
        Assert.StartsWith("the check could not start: ", result.Error);
        Assert.Contains("\"pythonx\": executable file not found in $PATH", result.Error);
        Assert.Equal(result.Error, CheckVerdict.Failure(result));
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_say_so_when_the_image_does_not_exist()
    {
        var result = await Run(["true"], image: "buildfarm-test/no-such-image:1");

        Assert.Equal(CheckRunner.NoExitCode, result.ExitCode);
        Assert.Contains("no such image", result.Error, StringComparison.OrdinalIgnoreCase);
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_kill_a_check_that_outlives_its_timeout_and_remove_it()
    {
        var started = DateTime.UtcNow;

        var result = await Run(["sh", "-c", "echo waiting; sleep 60"], timeoutSeconds: 2);

        Assert.Equal("check timed out after 2 s", result.Error);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal(["waiting"], result.OutputTail);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Equal(result.Error, CheckVerdict.Failure(result));
        await AssertNoContainerLeft();
    }

    [Fact]
    public async Task Should_remove_the_container_and_throw_when_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var run = Run(["sleep", "60"], ct: cancel.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await fixture.Engine.Containers.ListAsync($"{CheckRunner.Label}={_buildId}")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the check container never appeared");
            Assert.False(run.IsCompleted, "the check ended before it was cancelled");
            await Task.Delay(50);
        }

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertNoContainerLeft();
    }
}
