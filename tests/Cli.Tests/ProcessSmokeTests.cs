using System.Diagnostics;
using System.Text.Json;

namespace BuildFarm.Cli.Tests;

/// <summary>The built farmctl as a shell runs it: real process, real exit code, output on the real streams.</summary>
public sealed class ProcessSmokeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Should_plan_as_a_process_and_exit_with_the_documented_codes()
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine:3.20\nCOPY app.sh /app.sh\nRUN /app.sh\n");
        _folder.Write("app.sh", "#!/bin/sh\n");

        var (planned, json, _) = await RunAsync("plan", dockerfile, "--context", _folder.Path, "--json");
        var (missing, _, error) = await RunAsync("plan", _folder["missing/Dockerfile"]);

        Assert.Equal(0, planned);
        Assert.Equal(3, JsonDocument.Parse(json).RootElement.GetProperty("stages")[0].GetProperty("steps").GetArrayLength());
        Assert.Equal(2, missing);
        Assert.Contains("cannot read Dockerfile", error);
    }

    [Fact]
    public async Task Should_lint_as_a_process_and_exit_with_the_documented_codes()
    {
        var clean = _folder.Write("clean/Dockerfile", "FROM alpine:3.20@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74\nRUN true\n");
        var costly = _folder.Write("costly/Dockerfile", "FROM alpine\nRUN true\n");
        var refused = _folder.Write("refused/Dockerfile", "FROM alpine\nRUNN true\n");

        var (cleanCode, _, _) = await RunAsync("lint", clean);
        var (costlyCode, json, _) = await RunAsync("lint", costly, "--json");
        var (refusedCode, _, error) = await RunAsync("lint", refused);

        Assert.Equal([0, 1, 2], new[] { cleanCode, costlyCode, refusedCode });
        Assert.Equal("base-latest", JsonDocument.Parse(json).RootElement.GetProperty("findings")[0].GetProperty("rule").GetString());
        Assert.Contains("unknown instruction: RUNN", error);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "farmctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => _folder.Dispose();
}
