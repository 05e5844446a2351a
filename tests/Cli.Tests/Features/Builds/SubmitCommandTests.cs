using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Cli.Tests.Features.Builds;

[Collection(FarmCollection.Name)]
public sealed class SubmitCommandTests(FarmServer farm)
{
    [Fact]
    public async Task Should_queue_the_build_with_every_option_and_print_its_id()
    {
        var run = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection,
            "--dockerfile", "docker/Dockerfile", "--context-path", ".", "--target", "runtime",
            "--build-arg", "CUDA=12.1", "--build-arg", "GIT_SHA=abc", "--tag", "trainer:dev", "--tag", "trainer:latest",
            "--no-cache", "--pull", "--quiet"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var build = await farm.ReadBuildAsync(Guid.Parse(run.Out.Trim()));
        Assert.Equal(("https://git.example.com/ml/trainer.git", "main", "docker/Dockerfile", "runtime", "queued"),
            (build.Repository, build.Ref, build.DockerfilePath, build.Target, build.Status));
        Assert.Equal(new Dictionary<string, string> { ["CUDA"] = "12.1", ["GIT_SHA"] = "abc" }, build.BuildArgs);
        Assert.Equal(["trainer:dev", "trainer:latest"], build.Tags);
        Assert.True(build.NoCache && build.Pull);
    }

    [Fact]
    public async Task Should_send_a_release_build_which_a_farm_that_cannot_pin_bases_refuses_with_the_reason()
    {
        var run = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection, "--release", "--quiet"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("A release build pins its bases to their digests at submit", run.Error);
    }

    [Fact]
    public async Task Should_send_push_only_when_asked_and_print_why_a_push_without_a_tag_is_refused()
    {
        var pushed = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection, "--tag", "localhost:5000/ml/trainer:dev",
            "--push", "--quiet"]);
        var plain = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection, "--quiet"]);
        var untagged = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection, "--push", "--quiet"]);

        Assert.True(pushed.ExitCode == 0 && plain.ExitCode == 0, $"{pushed}\n{plain}");
        Assert.True((await farm.ReadBuildAsync(Guid.Parse(pushed.Out.Trim()))).Push);
        Assert.False((await farm.ReadBuildAsync(Guid.Parse(plain.Out.Trim()))).Push);
        Assert.NotEqual(0, untagged.ExitCode);
        Assert.Contains("Push needs at least one tag", untagged.Error);
    }

    [Fact]
    public async Task Should_send_the_labels_the_build_requires()
    {
        var pool = $"pool-{Guid.NewGuid():N}";
        await farm.AddAgentAsync($"agent-{pool}", new() { ["gpu"] = "a100", ["pool"] = pool });

        var run = await CliRun.RunAsync([
            "submit", "https://git.example.com/ml/trainer.git", "--ref", "main", .. farm.Connection,
            "--require", "gpu=a100", "--require", $"pool = {pool}", "--quiet"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var build = await farm.ReadBuildAsync(Guid.Parse(run.Out.Trim()));
        Assert.Equal(new Dictionary<string, string> { ["gpu"] = "a100", ["pool"] = pool }, build.RequiredLabels);
    }

    [Fact]
    public async Task Should_print_why_the_farm_refuses_labels_no_agent_has()
    {
        await farm.AddAgentAsync($"agent-{Guid.NewGuid():N}", new() { ["gpu"] = "t4" });
        var pool = $"pool-{Guid.NewGuid():N}";

        var run = await CliRun.RunAsync(["submit", "https://git.example.com/a.git", "--ref", "main", "--require", $"pool={pool}", .. farm.Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"  requiredLabels: No registered agent has labels pool={pool} (agents: ", run.Error);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("=a100")]
    public async Task Should_exit_2_for_a_requirement_that_is_not_name_equals_value(string requirement)
    {
        var run = await CliRun.RunAsync(["submit", "https://git.example.com/a.git", "--ref", "main", "--require", requirement, .. farm.Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--require '{requirement}' is not NAME=VALUE", run.Error);
    }

    [Fact]
    public async Task Should_take_the_server_and_token_from_the_environment_or_a_token_file()
    {
        var environment = new Dictionary<string, string> { ["FARM_SERVER"] = farm.Url, ["FARM_TOKEN"] = farm.Token };

        var fromEnvironment = await CliRun.RunAsync(["submit", "https://git.example.com/a.git", "--ref", "main"], environment);
        var fromFile = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--server", farm.Url, "--token-file", farm.TokenFile);

        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Matches("^Build [0-9a-f-]{36} queued: http://127.0.0.1:[0-9]+/builds/[0-9a-f-]{36}", fromFile.Out);
    }

    [Fact]
    public async Task Should_print_each_field_the_farm_refuses()
    {
        var run = await CliRun.RunAsync(["submit", "not a repository", "--ref", "bad..ref", "--build-arg", "1X=y", .. farm.Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the farm refused the request", run.Error);
        Assert.Contains("  repository: Repository 'not a repository' is not a git URL", run.Error);
        Assert.Contains("  ref: Ref 'bad..ref' is not a valid git ref name", run.Error);
        Assert.Contains("  buildArgs: ", run.Error);
    }

    [Fact]
    public async Task Should_say_the_token_was_refused()
    {
        var run = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--server", farm.Url, "--token", "wrong");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the farm refused the token (401)", run.Error);
        Assert.Contains("admin.token", run.Error);
    }

    [Fact]
    public async Task Should_say_the_farm_cannot_be_reached_when_the_connection_is_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--server", $"http://127.0.0.1:{port}", "--token", "t");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"cannot reach the farm at http://127.0.0.1:{port}/: connection refused", run.Error);
    }

    [Fact]
    public async Task Should_exit_2_without_a_server_or_token_before_calling_anything()
    {
        var noServer = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--token", "t");
        var noToken = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--server", farm.Url);
        var noTokenFile = await CliRun.RunAsync("submit", "https://git.example.com/a.git", "--ref", "main", "--server", farm.Url, "--token-file", "/nonexistent/admin.token");
        var noRef = await CliRun.RunAsync(["submit", "https://git.example.com/a.git", .. farm.Connection]);

        Assert.Equal([2, 2, 2, 2], new[] { noServer, noToken, noTokenFile, noRef }.Select(r => r.ExitCode));
        Assert.Contains("FARM_SERVER", noServer.Error);
        Assert.Contains("FARM_TOKEN", noToken.Error);
        Assert.Contains("cannot read token file", noTokenFile.Error);
    }
}
