using System.Diagnostics;
using System.Text.Json;

namespace BuildFarm.Agent.Tests.Features.Describe;

/// <summary>`BuildFarm.Agent describe` is what an admin runs on a new host: the real executable, the nvidia-smi stand-in.</summary>
public class DescribeCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("agent-describe-").FullName;
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nvidia-smi");

    async Task<(int Exit, JsonElement Json, string Raw)> DescribeAsync(Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BuildFarm.Agent.dll"));
        start.ArgumentList.Add("describe");
        start.Environment["Farm__DataDir"] = _dir;
        start.Environment["Agent__Name"] = "gpu-host-7";
        start.Environment["Agent__Labels__pool"] = "training";
        start.Environment["Agent__NvidiaSmiPath"] = Path.Combine(Fixtures, "nvidia-smi");
        start.Environment["Agent__DockerHost"] = $"unix://{_dir}/no-engine.sock";
        foreach (var (k, v) in env)
            start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var raw = await stdout;
        Assert.True(process.ExitCode == 0, $"describe exited {process.ExitCode}: {await stderr}");
        return (process.ExitCode, JsonDocument.Parse(raw).RootElement, raw);
    }

    [Fact]
    public async Task Should_print_the_registration_with_every_gpu_and_the_driver()
    {
        var (_, json, _) = await DescribeAsync(new()
        {
            ["NVIDIA_SMI_FIXTURE"] = Path.Combine(Fixtures, "h100-80gb-hbm3-x8-550.xml"),
        });

        Assert.Equal("gpu-host-7", json.GetProperty("name").GetString());
        Assert.StartsWith("gpu-host-7-", json.GetProperty("id").GetString());
        Assert.Equal("training", json.GetProperty("labels").GetProperty("pool").GetString());
        Assert.Equal("550.54.15", json.GetProperty("driverVersion").GetString());
        Assert.Equal("12.4", json.GetProperty("cudaVersion").GetString());
        var gpus = json.GetProperty("gpus").EnumerateArray().ToList();
        Assert.Equal(8, gpus.Count);
        Assert.Contains("H100", gpus[0].GetProperty("name").GetString());
        Assert.StartsWith("GPU-", gpus[0].GetProperty("uuid").GetString());
        Assert.True(gpus[0].GetProperty("memoryMiB").GetInt64() > 80_000);
    }

    [Fact]
    public async Task Should_report_a_dead_engine_and_a_broken_driver_instead_of_failing()
    {
        var (_, json, _) = await DescribeAsync(new() { ["NVIDIA_SMI_FIXTURE_FAIL"] = "1" });

        Assert.Empty(json.GetProperty("gpus").EnumerateArray());
        Assert.Contains("couldn't communicate with the NVIDIA driver", json.GetProperty("gpuError").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("dockerVersion").ValueKind);
        Assert.Contains("no-engine.sock", json.GetProperty("dockerError").GetString());
    }

    [Fact]
    public async Task Should_keep_the_same_id_on_every_run()
    {
        var env = new Dictionary<string, string> { ["NVIDIA_SMI_FIXTURE"] = Path.Combine(Fixtures, "tesla-t4-470.xml") };
        var first = await DescribeAsync(env);
        var second = await DescribeAsync(env);

        Assert.Equal(first.Json.GetProperty("id").GetString(), second.Json.GetProperty("id").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
