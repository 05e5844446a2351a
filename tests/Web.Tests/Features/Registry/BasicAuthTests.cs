using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class BasicAuthTests(BasicRegistryFixture fixture) : IClassFixture<BasicRegistryFixture>
{
    private static readonly ImagePlatform Amd64 = new("linux", "amd64");

    private RegistryClient ClientFor(string? password) => TestRegistries.Client(password is null
        ? TestRegistries.Settings()
        : TestRegistries.Settings(
            ($"Registries:{fixture.Registry.Host}:Username", BasicRegistryFixture.User),
            ($"Registries:{fixture.Registry.Host}:Password", password)));

    [Fact]
    public async Task Should_answer_a_basic_challenge_with_the_configured_credentials()
    {
        var repo = TestRegistries.Repository();
        var image = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64, labels: new Dictionary<string, string>
        {
            ["com.nvidia.cuda.version"] = "11.8.0",
        });

        var lookup = await ClientFor(BasicRegistryFixture.Password).ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        Assert.Equal(image.Digest, lookup.Image!.Digest);
        Assert.Equal(new Version(11, 8, 0), lookup.Image.CudaVersion);
        Assert.Equal("label", lookup.Image.CudaVersionSource);
    }

    [Fact]
    public async Task Should_report_unauthorized_when_the_registry_rejects_the_password()
    {
        var repo = TestRegistries.Repository();
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var lookup = await ClientFor("wrong-password").ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.Equal(RegistryErrorKind.Unauthorized, lookup.Error!.Kind);
        Assert.Equal($"registry {fixture.Registry.Host} rejected the credentials of 'farm' for {repo} (401 Unauthorized)", lookup.Error.Message);
    }

    [Fact]
    public async Task Should_say_which_setting_to_fill_when_no_credentials_are_configured()
    {
        var repo = TestRegistries.Repository();
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var lookup = await ClientFor(password: null).ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.Equal(RegistryErrorKind.Unauthorized, lookup.Error!.Kind);
        Assert.Equal($"registry {fixture.Registry.Host} requires a login to read {repo}: set Registries:{fixture.Registry.Host}:Username and Password",
            lookup.Error.Message);
    }
}
