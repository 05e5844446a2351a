using System.Diagnostics;
using System.Runtime.Versioning;
using BuildFarm.Agent.Features.Gpus;

namespace BuildFarm.Agent.Tests.Features.Gpus;

// The stand-in is a bash script: these run where nvidia-smi itself does.
[UnsupportedOSPlatform("windows")]
public sealed class GpuDiscoveryTests : IDisposable
{
    private const string DriverFailure =
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.";

    private readonly NvidiaSmiFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Theory]
    [InlineData("a100-sxm4-80gb-535.xml", 1, "535.104.05", "12.2")]
    [InlineData("h100-80gb-hbm3-x8-550.xml", 8, "550.54.15", "12.4")]
    [InlineData("rtx-4090-x2-580.xml", 2, "580.82.07", "13.0")]
    [InlineData("tesla-t4-470.xml", 1, "470.182.03", "11.4")]
    public async Task Should_report_the_gpus_nvidia_smi_lists(string fixture, int gpus, string driver, string cuda)
    {
        var report = await new GpuDiscovery(_fixtures.Replaying(fixture)).DiscoverAsync(CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal((gpus, driver, cuda), (report.Gpus.Count, report.DriverVersion, report.CudaVersion));
        Assert.Equal(NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read(fixture)).Gpus, report.Gpus);
    }

    [Fact]
    public async Task Should_report_nvidia_smis_own_message_when_the_driver_is_not_loaded()
    {
        var report = await new GpuDiscovery(_fixtures.Failing()).DiscoverAsync(CancellationToken.None);

        Assert.Equal(GpuReport.Failed(DriverFailure), report);
    }

    [Fact]
    public async Task Should_report_nvidia_smis_message_when_no_devices_are_found()
    {
        var report = await new GpuDiscovery(_fixtures.Replaying("no-devices-found.txt", exitCode: 6)).DiscoverAsync(CancellationToken.None);

        Assert.Equal(GpuReport.Failed("No devices were found"), report);
    }

    [Fact]
    public async Task Should_report_unparsable_output_as_the_error()
    {
        var report = await new GpuDiscovery(_fixtures.Executable("echo 'Unable to determine the device handle for GPU0000:41:00.0: Unknown Error'"))
            .DiscoverAsync(CancellationToken.None);

        Assert.Empty(report.Gpus);
        Assert.Equal("Unable to determine the device handle for GPU0000:41:00.0: Unknown Error", report.Error);
    }

    [Fact]
    public async Task Should_name_the_exit_code_when_nvidia_smi_fails_silently()
    {
        var report = await new GpuDiscovery(_fixtures.Executable("exit 3")).DiscoverAsync(CancellationToken.None);

        Assert.Equal("nvidia-smi exited with code 3 and printed nothing.", report.Error);
    }

    [Fact]
    public async Task Should_report_no_gpus_and_no_error_without_nvidia_smi()
    {
        var missingPath = await new GpuDiscovery(Path.Combine(_fixtures.Directory, "absent", "nvidia-smi")).DiscoverAsync(CancellationToken.None);
        var missingName = await new GpuDiscovery("nvidia-smi-" + Guid.NewGuid().ToString("N")).DiscoverAsync(CancellationToken.None);

        Assert.Same(GpuReport.None, missingPath);
        Assert.Same(GpuReport.None, missingName);
    }

    [Fact]
    public async Task Should_report_a_nvidia_smi_that_cannot_be_started()
    {
        var path = Path.Combine(_fixtures.Directory, "nvidia-smi");
        File.WriteAllText(path, "not executable");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var report = await new GpuDiscovery(path).DiscoverAsync(CancellationToken.None);

        Assert.Empty(report.Gpus);
        Assert.StartsWith($"{path} could not be started:", report.Error);
    }

    [Fact]
    public async Task Should_give_up_on_a_hung_nvidia_smi_and_kill_it()
    {
        var pidFile = Path.Combine(_fixtures.Directory, "pid");
        var hung = _fixtures.Executable($"echo $$ > '{pidFile}'", "exec sleep 300");

        var report = await new GpuDiscovery(hung, TimeSpan.FromMilliseconds(500)).DiscoverAsync(CancellationToken.None);

        Assert.Equal(GpuReport.Failed("nvidia-smi did not answer within 0.5 seconds."), report);
        Assert.True(await HasExitedAsync(int.Parse(File.ReadAllText(pidFile))), "the hung nvidia-smi was left running");
    }

    [Fact]
    public async Task Should_stop_when_the_agent_shuts_down()
    {
        using var shutdown = new CancellationTokenSource();
        var discovery = new GpuDiscovery(_fixtures.Executable("exec sleep 300")).DiscoverAsync(shutdown.Token);

        shutdown.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => discovery);
    }

    [Fact]
    public async Task Should_insist_on_being_called_with_exactly_q_and_x()
    {
        var start = new ProcessStartInfo(NvidiaSmiFixtures.StandInExecutable()) { RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.Environment["NVIDIA_SMI_FIXTURE"] = Path.Combine(NvidiaSmiFixtures.Folder, "tesla-t4-470.xml");

        using var standIn = Process.Start(start)!;
        var stderr = await standIn.StandardError.ReadToEndAsync();
        await standIn.WaitForExitAsync();

        Assert.Equal(64, standIn.ExitCode);
        Assert.Contains("expected exactly '-q -x'", stderr);
    }

    private static async Task<bool> HasExitedAsync(int pid)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!deadline.IsCancellationRequested)
        {
            if (!File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z")
            {
                return true;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return false;
    }
}
