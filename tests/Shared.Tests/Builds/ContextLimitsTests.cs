using BuildFarm.Shared.Builds;

namespace BuildFarm.Shared.Tests.Builds;

public class ContextLimitsTests
{
    [Fact]
    public void Should_default_to_one_mebibyte_ten_gibibytes_and_two_hundred_thousand_files() =>
        Assert.Equal(new ContextLimits(1024 * 1024, 10L * 1024 * 1024 * 1024, 200_000), ContextLimits.Default);

    [Fact]
    public void Should_take_a_dockerfile_at_the_limit_and_name_size_and_limit_past_it()
    {
        Assert.Null(ContextLimits.Default.DockerfileRefusal("Dockerfile", 1024 * 1024));
        Assert.Equal("Dockerfile 'gpu/Dockerfile' is 3 MiB (3,145,728 bytes), over the farm's limit of 1 MiB (1,048,576 bytes) for a Dockerfile",
            ContextLimits.Default.DockerfileRefusal("gpu/Dockerfile", 3 * 1024 * 1024));
    }

    [Fact]
    public void Should_name_the_bytes_before_the_file_count_when_both_are_over()
    {
        var limits = new ContextLimits(1024, 10L * 1024 * 1024 * 1024, 200_000);

        Assert.Null(limits.ContextRefusal(".", 10L * 1024 * 1024 * 1024, 200_000));
        Assert.StartsWith("Context 'app' holds 12.5 GiB (13,421,772,800 bytes) after .dockerignore, over the farm's limit of 10 GiB (10,737,418,240 bytes)",
            limits.ContextRefusal("app", 13_421_772_800, 300_000));
        Assert.StartsWith("Context '.' holds at least 200,001 files after .dockerignore, over the farm's limit of 200,000 files",
            limits.ContextRefusal(".", 5, 200_001, counting: true));
    }
}
