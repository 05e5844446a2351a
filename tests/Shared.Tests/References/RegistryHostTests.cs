using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Tests.References;

public class RegistryHostTests
{
    [Theory]
    [InlineData("ghcr.io")]
    [InlineData("registry.local:5000")]
    [InlineData("localhost:5000")]
    [InlineData("localhost")]
    [InlineData("10.0.0.7:443")]
    [InlineData("[::1]:5000")]
    [InlineData("my-registry.example.com")]
    public void Should_accept_a_host_with_an_optional_port(string host) => Assert.Null(RegistryHost.Problem(host));

    [Theory]
    [InlineData("", "Registry is required: name its host, with the port when it has one (ghcr.io, registry.local:5000).")]
    [InlineData("https://ghcr.io/", "Registry 'https://ghcr.io/' must be a host without a scheme: write 'ghcr.io'.")]
    [InlineData("ghcr.io/team", "Registry 'ghcr.io/team' must be a host without a path: a credential is kept per registry, not per repository.")]
    [InlineData("ghcr io", "Registry 'ghcr io' is not a host name or IP address with an optional numeric port (ghcr.io, registry.local:5000).")]
    [InlineData("-ghcr.io", "Registry '-ghcr.io' is not a host name or IP address with an optional numeric port (ghcr.io, registry.local:5000).")]
    [InlineData("ghcr.io:", "Registry 'ghcr.io:' is not a host name or IP address with an optional numeric port (ghcr.io, registry.local:5000).")]
    [InlineData("ghcr.io:abc", "Registry 'ghcr.io:abc' is not a host name or IP address with an optional numeric port (ghcr.io, registry.local:5000).")]
    [InlineData("ghcr.io:70000", "Registry 'ghcr.io:70000' has port 70000, which is not between 1 and 65535.")]
    [InlineData("ghcr.io:0", "Registry 'ghcr.io:0' has port 0, which is not between 1 and 65535.")]
    [InlineData("reg\u001b[31m.io", "Registry 'reg\u001b[31m.io' is not a host name or IP address with an optional numeric port (ghcr.io, registry.local:5000).")]
    public void Should_refuse_what_is_not_a_registry_host_with_a_sentence_saying_why(string text, string problem) =>
        Assert.Equal(problem, RegistryHost.Problem(text));

    [Fact]
    public void Should_refuse_a_host_longer_than_dns_allows() =>
        Assert.StartsWith("Registry '", RegistryHost.Problem(new string('a', 250) + ".example.com"));

    [Theory]
    [InlineData("GHCR.io", "ghcr.io")]
    [InlineData("index.docker.io", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("Registry.Local:5000", "registry.local:5000")]
    public void Should_store_hosts_lowercase_and_docker_hub_by_one_name(string written, string stored) =>
        Assert.Equal(stored, RegistryHost.Normalize(written));

    [Theory]
    [InlineData("ubuntu:22.04", "docker.io")]
    [InlineData("team/trainer:1", "docker.io")]
    [InlineData("localhost:5000/team/trainer:dev", "localhost:5000")]
    [InlineData("GHCR.io/team/trainer", "ghcr.io")]
    public void Should_find_the_registry_a_tag_pushes_to(string tag, string registry) => Assert.Equal(registry, RegistryHost.OfTag(tag));
}
