using System.Text.Json;

namespace BuildFarm.Cli.Tests.Features.Plan;

public sealed class PlanExitCodeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Should_exit_1_and_print_dockerfile_errors_with_their_lines()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine\nRUNN echo hi\nCOPY --from=nowhere /a /b\n");

        var run = await CliRun.RunAsync("plan", dockerfile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{dockerfile}:2: ", run.Error);
        Assert.Contains($"{dockerfile}:3: ", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Should_give_the_errors_as_json_when_asked()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine\nRUNN echo hi\n");

        var run = await CliRun.RunAsync("plan", dockerfile, "--json");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Should_exit_1_for_an_unknown_target()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine AS build\n");

        var run = await CliRun.RunAsync("plan", dockerfile, "--target", "relase");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("target stage \"relase\" could not be found", run.Error);
    }

    [Fact]
    public async Task Should_exit_2_when_the_dockerfile_or_context_cannot_be_read()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine\n");

        var missingFile = await CliRun.RunAsync("plan", _folder["nope/Dockerfile"]);
        var missingContext = await CliRun.RunAsync("plan", dockerfile, "--context", _folder["nope"]);
        var badOption = await CliRun.RunAsync("plan", dockerfile, "--no-such-option");
        var namelessArg = await CliRun.RunAsync("plan", dockerfile, "--build-arg", "=1");

        Assert.Equal([2, 2, 2, 2], new[] { missingFile, missingContext, badOption, namelessArg }.Select(r => r.ExitCode));
        Assert.Contains("cannot read Dockerfile", missingFile.Error);
        Assert.Contains("cannot read context", missingContext.Error);
    }

    [Fact]
    public async Task Should_exit_1_for_a_malformed_dockerignore()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine\nCOPY . /\n");
        _folder.Write(".dockerignore", "ok\n[unclosed\n");

        var run = await CliRun.RunAsync("plan", dockerfile, "--context", _folder.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(".dockerignore line 2", run.Error);
    }

    [Fact]
    public async Task Should_prefer_the_dockerfile_own_ignore_file_as_buildkit_does()
    {
        var dockerfile = _folder.Write("build/Dockerfile", "FROM alpine\nCOPY . /\n");
        _folder.Write("build/Dockerfile.dockerignore", "secret.txt\n");
        _folder.Write(".dockerignore", "*\n");
        _folder.Write("secret.txt", "s");

        var run = await CliRun.RunAsync("plan", dockerfile, "--context", _folder.Path, "--json");

        var context = JsonDocument.Parse(run.Out).RootElement.GetProperty("context");
        Assert.Equal([".dockerignore", "build/Dockerfile", "build/Dockerfile.dockerignore"], context.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.EndsWith("Dockerfile.dockerignore", context.GetProperty("dockerignore").GetString());
    }

    public void Dispose() => _folder.Dispose();
}
