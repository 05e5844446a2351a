using BuildFarm.Web.Features.Registry;
using BuildFarm.Shared.References;

namespace BuildFarm.Web.Tests.Features.Registry;

public class CudaVersionReaderTests
{
    private static ImageConfigSummary Config(string[]? env = null, Dictionary<string, string>? labels = null) =>
        new("linux", "amd64", null, env ?? [], labels ?? []);

    [Fact]
    public void Should_prefer_the_env_over_the_label_and_the_tag()
    {
        var config = Config(["PATH=/usr/bin", "CUDA_VERSION=12.1.0"], new() { ["com.nvidia.cuda.version"] = "11.8.0" });

        var cuda = CudaVersionReader.Read(config, ImageReference.Parse("pytorch/pytorch:2.9-cuda13.0"));

        Assert.Equal(new CudaVersionInfo(new Version(12, 1, 0), "env"), cuda);
    }

    [Fact]
    public void Should_use_the_last_assignment_of_the_env_as_a_shell_would()
    {
        var cuda = CudaVersionReader.Read(Config(["CUDA_VERSION=11.8.0", "CUDA_VERSION=12.4.1"]), null);

        Assert.Equal(new Version(12, 4, 1), cuda!.Version);
    }

    [Fact]
    public void Should_fall_back_to_the_label_when_the_env_is_absent_or_unreadable()
    {
        var config = Config(["CUDA_VERSION=unknown"], new() { ["com.nvidia.cuda.version"] = "11.8" });

        Assert.Equal(new CudaVersionInfo(new Version(11, 8), "label"), CudaVersionReader.Read(config, null));
    }

    [Theory]
    [InlineData("12.1.0-1", "12.1.0")]
    [InlineData("v12.1", "12.1")]
    public void Should_read_the_env_as_nvidias_images_write_it(string value, string expected)
    {
        Assert.Equal(new CudaVersionInfo(Version.Parse(expected), "env"), CudaVersionReader.Read(Config([$"CUDA_VERSION={value}"]), null));
    }

    [Theory]
    [InlineData("pytorch/pytorch:2.9-cuda12.1", "12.1")]
    [InlineData("pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime", "12.1")]
    [InlineData("example/train:cuda-12.4.1-py311", "12.4.1")]
    [InlineData("example/vllm:0.6-cu121", "12.1")]
    [InlineData("example/vllm:cu118", "11.8")]
    [InlineData("nvidia/cuda:12.1.0-runtime-ubuntu22.04", "12.1.0")]
    [InlineData("example/base:12.1-cuda-runtime", "12.1")]
    public void Should_read_the_version_from_the_tag_when_the_image_does_not_say(string reference, string expected)
    {
        var cuda = CudaVersionReader.Read(Config(), ImageReference.Parse(reference));

        Assert.Equal(new CudaVersionInfo(Version.Parse(expected), "tag"), cuda);
    }

    [Theory]
    [InlineData("ubuntu:22.04")]
    [InlineData("example/app:1.2.3-cudnn8")]
    [InlineData("example/app:v2-cuda")]
    [InlineData("example/app:2.1-gpu")]
    [InlineData("node:18.1-alpine")]
    [InlineData("example/train:12.4.1-cudnn-devel-ubuntu22.04")]
    public void Should_find_no_version_where_the_tag_names_none(string reference)
    {
        Assert.Null(CudaVersionReader.Read(Config(), ImageReference.Parse(reference)));
    }
}
