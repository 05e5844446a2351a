using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class DigestResolverTests(OpenRegistryFixture fixture) : IClassFixture<OpenRegistryFixture>
{
    private static readonly ImagePlatform Amd64 = new("linux", "amd64");

    // Real time as the starting point: nothing here compares with the registry's clock, but it keeps logs readable.
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Should_reuse_a_resolution_until_the_cache_window_ends()
    {
        var resolver = TestRegistries.Resolver(TestRegistries.Settings(("Registries:CacheSeconds", "60")), _clock);
        var repo = TestRegistries.Repository();
        var reference = $"{fixture.Registry.Host}/{repo}:12.1";
        var first = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);
        await resolver.ResolveAsync(reference);
        var second = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        _clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await resolver.ResolveAsync(reference);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await resolver.ResolveAsync(reference);

        Assert.Equal(DigestStatus.Cached, cached.Status);
        Assert.Equal(first.Digest, cached.Digest);
        Assert.Equal(DigestStatus.Resolved, fresh.Status);
        Assert.Equal(second.Digest, fresh.Digest);
    }

    [Fact]
    public async Task Should_ask_the_registry_again_within_the_cache_window_when_asked_for_a_fresh_answer()
    {
        var resolver = TestRegistries.Resolver(TestRegistries.Settings(("Registries:CacheSeconds", "60")), _clock);
        var repo = TestRegistries.Repository();
        var reference = $"{fixture.Registry.Host}/{repo}:12.1";
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);
        await resolver.ResolveAsync(reference);
        var moved = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var release = await resolver.ResolveAsync(reference, fresh: true);

        Assert.Equal((DigestStatus.Resolved, moved.Digest), (release.Status, release.Digest));
    }

    [Fact]
    public async Task Should_fall_back_to_the_last_known_digest_marked_stale_when_the_registry_goes_down()
    {
        var resolver = TestRegistries.Resolver(TestRegistries.Settings(), _clock);
        await using var registry = await RegistryProcess.StartAsync();
        var image = await new RegistryPusher(registry.BaseUri).PushImageAsync("farm/cuda", "12.1", Amd64, ["CUDA_VERSION=12.1.0"]);
        var reference = $"{registry.Host}/farm/cuda:12.1";
        await resolver.ResolveAsync(reference);

        await registry.StopAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await resolver.ResolveAsync(reference);

        Assert.Equal(DigestStatus.Stale, stale.Status);
        Assert.Equal(image.Digest, stale.Digest);
        Assert.Equal(new Version(12, 1, 0), stale.Image!.CudaVersion);
        Assert.Equal(RegistryErrorKind.RegistryUnreachable, stale.Error!.Kind);
        Assert.Contains("connection refused", stale.Error.Message);
    }

    [Fact]
    public async Task Should_say_the_digest_is_unknown_when_the_registry_is_down_and_nothing_was_known()
    {
        var resolver = TestRegistries.Resolver(TestRegistries.Settings(), _clock);
        var closed = $"127.0.0.1:{RegistryProcess.FreePort()}";

        var unknown = await resolver.ResolveAsync($"{closed}/farm/cuda:12.1");

        Assert.Equal(DigestStatus.Unknown, unknown.Status);
        Assert.Null(unknown.Digest);
        Assert.Equal(RegistryErrorKind.RegistryUnreachable, unknown.Error!.Kind);
    }

    [Fact]
    public async Task Should_fail_rather_than_degrade_when_the_registry_says_the_tag_does_not_exist()
    {
        var resolver = TestRegistries.Resolver(TestRegistries.Settings(), _clock);
        var repo = TestRegistries.Repository();
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var missing = await resolver.ResolveAsync($"{fixture.Registry.Host}/{repo}:13.0");
        var invalid = await resolver.ResolveAsync("FROM ubuntu");

        Assert.Equal(DigestStatus.Failed, missing.Status);
        Assert.Equal($"tag '13.0' not found in {fixture.Registry.Host}/{repo}", missing.Error!.Message);
        Assert.Equal(DigestStatus.Failed, invalid.Status);
        Assert.Equal(RegistryErrorKind.InvalidReference, invalid.Error!.Kind);
    }
}
