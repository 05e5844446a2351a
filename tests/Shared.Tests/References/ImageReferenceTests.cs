using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Tests.References;

public class ImageReferenceTests
{
    private const string Sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    [Theory]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null, null)]
    [InlineData("ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null)]
    [InlineData("pytorch/pytorch:2.9-cuda12.1", "docker.io", "pytorch/pytorch", "2.9-cuda12.1", null)]
    [InlineData("docker.io/ubuntu", "docker.io", "library/ubuntu", null, null)]
    [InlineData("index.docker.io/nvidia/cuda:12.4.1-base-ubuntu22.04", "docker.io", "nvidia/cuda", "12.4.1-base-ubuntu22.04", null)]
    [InlineData("localhost:5000/farm/app:v1", "localhost:5000", "farm/app", "v1", null)]
    [InlineData("localhost/app", "localhost", "app", null, null)]
    [InlineData("nvcr.io/nvidia/pytorch:24.01-py3", "nvcr.io", "nvidia/pytorch", "24.01-py3", null)]
    [InlineData("127.0.0.1:5000/a/b/c", "127.0.0.1:5000", "a/b/c", null, null)]
    [InlineData("[::1]:5000/app:latest", "[::1]:5000", "app", "latest", null)]
    [InlineData("Registry/app", "Registry", "app", null, null)]
    [InlineData("my_org/my__app/x-y--z.w", "docker.io", "my_org/my__app/x-y--z.w", null, null)]
    [InlineData("busybox@" + Sha, "docker.io", "library/busybox", null, Sha)]
    [InlineData("busybox:1.36@" + Sha, "docker.io", "library/busybox", "1.36", Sha)]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", null)]
    public void Should_parse_and_normalize_valid_references(string value, string domain, string path, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(value, out var reference, out var error), error);

        Assert.Equal(new ImageReference(domain, path, tag, digest), reference);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("ubuntu:22.04", "docker.io/library/ubuntu:22.04", "ubuntu")]
    [InlineData("pytorch/pytorch", "docker.io/pytorch/pytorch", "pytorch/pytorch")]
    [InlineData("localhost:5000/app@" + Sha, "localhost:5000/app@" + Sha, "localhost:5000/app")]
    public void Should_print_the_normalized_and_familiar_forms(string value, string normalized, string familiar)
    {
        var reference = ImageReference.Parse(value);

        Assert.Equal(normalized, reference.ToString());
        Assert.Equal(familiar, reference.FamiliarName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("ubuntu 22.04", "whitespace")]
    [InlineData("MyApp", "repository name 'MyApp' must be lowercase")]
    [InlineData("farm/MyApp:v1", "repository name 'farm/MyApp' must be lowercase")]
    [InlineData("ubuntu:", "tag after ':' is empty")]
    [InlineData("ubuntu:-rc", "tag '-rc'")]
    [InlineData("ubuntu:.hidden", "tag '.hidden'")]
    [InlineData("ubuntu:a+b", "tag 'a+b'")]
    [InlineData("farm//app", "empty path component")]
    [InlineData("farm/app/", "empty path component")]
    [InlineData("farm/-app", "path component '-app'")]
    [InlineData("farm/app_", "path component 'app_'")]
    [InlineData("farm/a___b", "path component 'a___b'")]
    [InlineData("farm/a..b", "path component 'a..b'")]
    [InlineData("-bad.host/app", "registry '-bad.host'")]
    [InlineData("host.io:port/app", "registry 'host.io:port'")]
    [InlineData("app@sha256:abc", "digest 'sha256:abc'")]
    [InlineData("app@md5:0123456789abcdef0123456789abcdef", "algorithm 'md5' is not supported")]
    [InlineData("app@sha256:0123456789abcdef0123456789abcdef", "64 lowercase hex digits")]
    [InlineData("@" + Sha, "repository name is missing")]
    [InlineData("7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa", "image ID")]
    public void Should_reject_invalid_references_naming_what_is_wrong(string value, string expected)
    {
        Assert.False(ImageReference.TryParse(value, out var reference, out var error));

        Assert.Null(reference);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Should_reject_an_uppercase_digest()
    {
        Assert.False(ImageReference.TryParse("app@" + Sha.ToUpperInvariant().Replace("SHA256", "sha256"), out _, out var error));

        Assert.Contains("lowercase hex", error);
    }

    [Fact]
    public void Should_accept_the_longest_tag_and_name_and_nothing_longer()
    {
        var tag128 = new string('t', 128);
        var path = "farm/" + new string('a', 255 - "docker.io/".Length - "farm/".Length);

        Assert.True(ImageReference.TryParse($"{path}:{tag128}", out _, out _));
        Assert.Contains("tag", Error($"{path}:{tag128}t"));
        Assert.Contains("256 characters long; the limit is 255", Error(path + "a"));
    }

    [Fact]
    public void Should_throw_a_format_exception_from_parse() =>
        Assert.Equal("'Bad' is not a valid image reference: repository name 'Bad' must be lowercase.",
            Assert.Throws<FormatException>(() => ImageReference.Parse("Bad")).Message);

    private static string Error(string value)
    {
        ImageReference.TryParse(value, out _, out var error);
        return error;
    }
}
