using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class TokenAuthTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>
{
    private static readonly ImagePlatform Amd64 = new("linux", "amd64");

    private RegistryClient ClientFor(string? password, TimeProvider? clock = null) => TestRegistries.Client(
        password is null
            ? TestRegistries.Settings()
            : TestRegistries.Settings(
                ($"Registries:{fixture.Registry.Host}:Username", TokenServer.User),
                ($"Registries:{fixture.Registry.Host}:Password", password)),
        clock);

    [Fact]
    public async Task Should_answer_the_bearer_challenge_with_a_token_from_the_realm_and_retry()
    {
        var repo = TestRegistries.Repository("private");
        var image = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);
        var client = ClientFor(TokenServer.Password);

        var lookup = await client.ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        Assert.Equal(image.Digest, lookup.Image!.Digest);
        Assert.Equal(1, client.TokensFetched);
    }

    [Fact]
    public async Task Should_reuse_a_token_until_it_expires()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var repo = TestRegistries.Repository("private");
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);
        var reference = $"{fixture.Registry.Host}/{repo}:12.1";
        var client = ClientFor(TokenServer.Password, clock);
        await client.ResolveAsync(reference);

        var again = await client.ResolveAsync(reference);
        var tokensWhileValid = client.TokensFetched;
        clock.Advance(TimeSpan.FromSeconds(fixture.Tokens.LifetimeSeconds));
        var afterExpiry = await client.ResolveAsync(reference);

        Assert.True(again.Succeeded && afterExpiry.Succeeded, again.Error?.Message ?? afterExpiry.Error?.Message);
        Assert.Equal(1, tokensWhileValid);
        Assert.Equal(2, client.TokensFetched);
    }

    [Fact]
    public async Task Should_fetch_an_anonymous_token_for_a_public_repository()
    {
        var repo = TestRegistries.Repository("public");
        var image = await fixture.Pusher.PushImageAsync(repo, "latest", Amd64);

        var lookup = await ClientFor(password: null).ResolveAsync($"{fixture.Registry.Host}/{repo}");

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        Assert.Equal(image.Digest, lookup.Image!.Digest);
    }

    [Fact]
    public async Task Should_report_unauthorized_when_the_token_service_rejects_the_credentials()
    {
        var repo = TestRegistries.Repository("private");
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var lookup = await ClientFor("wrong-password").ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.Equal(RegistryErrorKind.Unauthorized, lookup.Error!.Kind);
        Assert.Equal($"token service {fixture.Tokens.Realm} rejected the credentials of 'farm' for registry {fixture.Registry.Host} (401)",
            lookup.Error.Message);
        Assert.False(lookup.Error.IsTransient);
    }

    [Fact]
    public async Task Should_report_unauthorized_when_an_anonymous_token_does_not_grant_the_pull()
    {
        var repo = TestRegistries.Repository("private");
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var lookup = await ClientFor(password: null).ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.Equal(RegistryErrorKind.Unauthorized, lookup.Error!.Kind);
        Assert.Contains($"refused access to {repo} with a token obtained anonymously", lookup.Error.Message);
        Assert.Contains($"set Registries:{fixture.Registry.Host}:Username and Password", lookup.Error.Message);
    }
}
