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
