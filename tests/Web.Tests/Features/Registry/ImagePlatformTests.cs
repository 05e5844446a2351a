using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class ImagePlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("Linux/AArch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    [InlineData("linux/armhf", "linux/arm")]
    [InlineData("linux/i686", "linux/386")]
    public void Should_normalize_platforms_like_containerd(string written, string normalized)
    {
        Assert.Equal(normalized, ImagePlatform.Parse(written).ToString());
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("linux/arm/v7/extra")]
    [InlineData("")]
    public void Should_refuse_what_is_not_os_slash_architecture(string written)
    {
        Assert.False(ImagePlatform.TryParse(written, out _));
    }

    [Fact]
    public void Should_match_any_variant_unless_one_is_asked_for()
    {
        var armV7 = new ImagePlatform("linux", "arm", "v7");

        Assert.True(ImagePlatform.Parse("linux/arm").Matches(armV7));
        Assert.True(ImagePlatform.Parse("linux/arm/v7").Matches(armV7));
        Assert.False(ImagePlatform.Parse("linux/arm/v6").Matches(armV7));
        Assert.True(ImagePlatform.Parse("linux/arm64").Matches(new ImagePlatform("linux", "arm64", "v8")));
        Assert.False(ImagePlatform.Default.Matches(new ImagePlatform("windows", "amd64")));
    }
}
