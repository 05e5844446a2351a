using BuildFarm.Shared.Gpus;

namespace BuildFarm.Shared.Tests.Gpus;

public class CudaCompatibilityTests
{
    [Theory]
    [InlineData("12.1", "12.1")]
    [InlineData("12.1.0", "12.1.0")]
    [InlineData("v11.8", "11.8")]
    [InlineData("2.9-cuda12.1", "12.1")]
    [InlineData("2.9.0-cuda12.8-cudnn9-runtime", "12.8")]
    [InlineData("cuda12.1-cudnn8-runtime", "12.1")]
    [InlineData("cuda-11.8", "11.8")]
    [InlineData("12.4.1-cudnn-devel-ubuntu22.04", "12.4.1")]
    [InlineData("13.0.0-runtime-ubuntu24.04", "13.0.0")]
    [InlineData("2.3.0-cu121", "12.1")]
    [InlineData("cu118", "11.8")]
    public void Should_read_the_cuda_version_of_versions_and_tags(string text, string expected)
    {
        Assert.Equal(Version.Parse(expected), CudaCompatibility.ParseCudaVersion(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("3.11-slim")]
    [InlineData("2.15.0-gpu")]
    [InlineData("22.04")]
    [InlineData("2.9-runtime")]
    [InlineData("cudnn8-runtime")]
    [InlineData("cuda")]
    public void Should_say_unknown_when_the_text_names_no_cuda_version(string? text)
    {
        Assert.Null(CudaCompatibility.ParseCudaVersion(text));
    }

    [Theory]
    [InlineData("13.0", "580")]
    [InlineData("13.1", "580")]
    [InlineData("12.0", "525.60.13")]
    [InlineData("12.8", "525.60.13")]
    [InlineData("11.8", "450.80.02")]
    public void Should_give_nvidias_minimum_driver_per_major_version(string cuda, string driver)
    {
        Assert.Equal(driver, CudaCompatibility.MinimumDriver(Version.Parse(cuda)));
    }

    [Fact]
    public void Should_know_no_minimum_for_majors_outside_the_table()
    {
        Assert.Null(CudaCompatibility.MinimumDriver(new Version(10, 2)));
        Assert.Null(CudaCompatibility.Supports("999.1", new Version(10, 2)));
    }

    [Theory]
    [InlineData("525.60.13", "12.1", true)]
    [InlineData("525.105.17", "12.4", true)]
    [InlineData("525.60.12", "12.1", false)]
    [InlineData("520.61.05", "12.0", false)]
    [InlineData("470.82.01", "11.4", true)]
    [InlineData("450.80.02", "11.0", true)]
    [InlineData("450.51.06", "11.0", false)]
    [InlineData("575.57.08", "13.0", false)]
    [InlineData("580.65.06", "13.0", true)]
    [InlineData("580", "13.0", true)]
    public void Should_compare_drivers_numerically_part_by_part(string driver, string cuda, bool supported)
    {
        Assert.Equal(supported, CudaCompatibility.Supports(driver, Version.Parse(cuda)));
    }

    [Fact]
    public void Should_order_driver_versions_by_number_not_by_text()
    {
        Assert.True(CudaCompatibility.CompareDrivers("525.105.17", "525.60.13") > 0);
        Assert.Equal(0, CudaCompatibility.CompareDrivers("580", "580.0.0"));
        Assert.True(CudaCompatibility.CompareDrivers("1000.1", "999.99") > 0);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData("535..1")]
    [InlineData("535.x")]
    public void Should_say_unknown_for_unreadable_driver_text(string driver)
    {
        Assert.Null(CudaCompatibility.CompareDrivers(driver, "525.60.13"));
        Assert.Null(CudaCompatibility.Supports(driver, new Version(12, 1)));
    }
}
