using BuildFarm.Agent.Features.Gpus;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Gpus;

public class NvidiaSmiXmlTests
{
    [Fact]
    public void Should_read_one_a100_on_driver_535()
    {
        var report = NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read("a100-sxm4-80gb-535.xml"));

        Assert.Equal(new GpuReport([], "535.104.05", "12.2", null), report with { Gpus = [] });
        Assert.Equal([new GpuInfo("NVIDIA A100-SXM4-80GB", "GPU-2f8a2b3e-5c2d-7a91-0b4e-9d6c1f0e8a37", 81920)], report.Gpus);
    }

    [Fact]
    public void Should_read_eight_h100s_in_bus_order_on_driver_550()
    {
        var report = NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read("h100-80gb-hbm3-x8-550.xml"));

        Assert.Equal(("550.54.15", "12.4"), (report.DriverVersion, report.CudaVersion));
        Assert.Equal(8, report.Gpus.Count);
        Assert.All(report.Gpus, gpu => Assert.Equal(("NVIDIA H100 80GB HBM3", 81559L), (gpu.Name, gpu.MemoryMiB)));
        Assert.Equal("GPU-5e4a2c11-8f0b-4d3a-b2d6-71c9e0a4f318", report.Gpus[0].Uuid);
        Assert.Equal("GPU-91a7d3c2-4e8b-4f06-b1d9-6c2e0f5a8b34", report.Gpus[7].Uuid);
        Assert.Equal(8, report.Gpus.Select(g => g.Uuid).Distinct().Count());
    }

    [Fact]
    public void Should_read_two_rtx_4090s_on_driver_580_with_cuda_13()
    {
        var report = NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read("rtx-4090-x2-580.xml"));

        Assert.Equal(("580.82.07", "13.0"), (report.DriverVersion, report.CudaVersion));
        Assert.Equal(
            [
                new GpuInfo("NVIDIA GeForce RTX 4090", "GPU-c8e1f6a2-4b93-7d05-e1a8-6f2b9c3d0e47", 24564),
                new GpuInfo("NVIDIA GeForce RTX 4090", "GPU-1a5d9e73-0c2f-8b46-d7e9-3f0a6b8c2d15", 24564),
            ],
            report.Gpus);
    }

    [Fact]
    public void Should_read_the_older_layout_of_driver_470()
    {
        var report = NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read("tesla-t4-470.xml"));

        Assert.Equal(("470.182.03", "11.4"), (report.DriverVersion, report.CudaVersion));
        Assert.Equal([new GpuInfo("Tesla T4", "GPU-8c4a1e9b-3f27-d6b0-5e18-a2c7f40d9b63", 15109)], report.Gpus);
        Assert.Null(report.Error);
    }

    [Fact]
    public void Should_treat_missing_and_not_available_fields_as_unknown()
    {
        var report = NvidiaSmiXml.Parse("""
            <nvidia_smi_log>
              <driver_version>N/A</driver_version>
              <gpu id="00000000:01:00.0"><product_name> Tesla K80 </product_name><fb_memory_usage><total>N/A</total></fb_memory_usage></gpu>
            </nvidia_smi_log>
            """);

        Assert.Equal(new GpuReport([], null, null, null), report with { Gpus = [] });
        Assert.Equal([new GpuInfo("Tesla K80", "", 0)], report.Gpus);
    }

    [Fact]
    public void Should_report_no_gpus_for_an_empty_log() =>
        Assert.Empty(NvidiaSmiXml.Parse("<nvidia_smi_log><driver_version>550.54.15</driver_version></nvidia_smi_log>").Gpus);

    [Theory]
    [InlineData("truncated.xml")]
    [InlineData("no-devices-found.txt")]
    public void Should_reject_output_that_is_not_a_report(string fixture) =>
        Assert.Throws<FormatException>(() => NvidiaSmiXml.Parse(NvidiaSmiFixtures.Read(fixture)));

    [Fact]
    public void Should_reject_another_xml_document() =>
        Assert.Contains("<html>", Assert.Throws<FormatException>(() => NvidiaSmiXml.Parse("<html/>")).Message);
}
