using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Tests.References;

public class BuildArgNameTests
{
    [Theory]
    [InlineData("CUDA_VERSION")]
    [InlineData("_private")]
    [InlineData("x")]
    [InlineData("TORCH2")]
    public void Should_accept_identifiers(string name) => Assert.True(BuildArgName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2FAST")]
    [InlineData("MY-ARG")]
    [InlineData("MY ARG")]
    [InlineData("A=B")]
    [InlineData("ÄRG")]
    [InlineData("ARG\n")]
    public void Should_reject_anything_else(string? name) => Assert.False(BuildArgName.IsValid(name));
}
