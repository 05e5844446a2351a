using BuildFarm.Web.Features.Registry;
using BuildFarm.Shared.References;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Registry;

public class RegistrySettingsTests
{
    [Fact]
    public void Should_read_credentials_for_a_host_whose_name_holds_a_port()
    {
        var settings = TestRegistries.Settings(
            ("Registries:localhost:5000:Username", "ci"), ("Registries:localhost:5000:Password", "secret"));

        Assert.Equal(new RegistryCredentials("ci", "secret"), settings.CredentialsFor("localhost:5000"));
        Assert.Null(settings.CredentialsFor("localhost:5001"));
        Assert.Equal("ci:***", settings.CredentialsFor("localhost:5000")!.ToString());
    }

    [Fact]
    public void Should_speak_http_to_loopback_and_listed_hosts_and_https_elsewhere()
    {
        var settings = TestRegistries.Settings(("Registries:Insecure:0", "registry.lan:5000"), ("Registries:Insecure:1", "mirror.lan"));

        Assert.Equal("http", Scheme("localhost:5000/farm/cuda:12.1"));
        Assert.Equal("http", Scheme("127.0.0.1:5000/farm/cuda:12.1"));
        Assert.Equal("http", Scheme("registry.lan:5000/farm/cuda:12.1"));
        Assert.Equal("http", Scheme("mirror.lan:443/farm/cuda:12.1"));
        Assert.Equal("https", Scheme("registry.lan:5001/farm/cuda:12.1"));
        Assert.Equal("https", Scheme("ghcr.io/farm/cuda:12.1"));

        string Scheme(string reference) => RegistryEndpoint.For(ImageReference.Parse(reference), settings).BaseUri.Scheme;
    }

    [Fact]
    public void Should_send_docker_hub_references_to_its_api_host_with_the_library_prefix()
    {
        var endpoint = RegistryEndpoint.For(ImageReference.Parse("ubuntu:22.04"), TestRegistries.Settings());

        Assert.Equal(new Uri("https://registry-1.docker.io/v2/library/ubuntu/manifests/22.04"), endpoint.Manifest("22.04"));
        Assert.Equal("repository:library/ubuntu:pull", endpoint.PullScope);
    }

    [Fact]
    public void Should_accept_the_insecure_list_as_one_comma_separated_value_and_read_the_windows()
    {
        var settings = TestRegistries.Settings(
            ("Registries:Insecure", "a.lan, b.lan:5000"), ("Registries:CacheSeconds", "15"), ("Registries:TimeoutSeconds", "2.5"));

        Assert.True(settings.IsInsecure("a.lan:80"));
        Assert.True(settings.IsInsecure("b.lan:5000"));
        Assert.Equal(TimeSpan.FromSeconds(15), settings.CacheFor);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), TestRegistries.Settings().CacheFor);
    }

    [Fact]
    public async Task Should_register_a_resolver_that_degrades_instead_of_throwing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var services = new ServiceCollection().AddLogging().AddRegistryResolution(configuration).BuildServiceProvider();
        var closed = $"127.0.0.1:{RegistryProcess.FreePort()}";

        var resolution = await services.GetRequiredService<DigestResolver>().ResolveAsync($"{closed}/farm/cuda:12.1");

        Assert.Same(services.GetRequiredService<RegistryClient>(), services.GetRequiredService<RegistryClient>());
        Assert.Equal(DigestStatus.Unknown, resolution.Status);
    }
}
