using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class RegistryClientTests(OpenRegistryFixture fixture) : IClassFixture<OpenRegistryFixture>
{
    private static readonly ImagePlatform Amd64 = new("linux", "amd64");
    private static readonly ImagePlatform Arm64 = new("linux", "arm64");

    private readonly RegistryClient _client = TestRegistries.Client();

    [Fact]
    public async Task Should_resolve_a_tag_to_the_digest_the_registry_reports()
    {
        var repo = TestRegistries.Repository();
        var image = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64, ["CUDA_VERSION=12.1.0"]);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1");

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        var resolved = lookup.Image!;
        Assert.Equal(image.Digest, resolved.Digest);
        Assert.Equal(image.Digest, resolved.PlatformDigest);
        Assert.Null(resolved.IndexDigest);
        Assert.Equal(ManifestMediaTypes.OciManifest, resolved.MediaType);
        Assert.Equal(new Version(12, 1, 0), resolved.CudaVersion);
        Assert.Equal("env", resolved.CudaVersionSource);
    }

    [Fact]
    public async Task Should_resolve_an_index_to_the_manifest_of_the_requested_platform()
    {
        var repo = TestRegistries.Repository();
        var amd = await fixture.Pusher.PushImageAsync(repo, null, Amd64, ["CUDA_VERSION=12.4.1"]);
        var arm = await fixture.Pusher.PushImageAsync(repo, null, Arm64, ["CUDA_VERSION=12.4.1"]);
        var index = await fixture.Pusher.PushIndexAsync(repo, "2.9-cuda12.4", [amd, arm]);

        var forArm = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:2.9-cuda12.4", ImagePlatform.Parse("linux/arm64/v8"));
        var byDefault = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:2.9-cuda12.4");

        Assert.True(forArm.Succeeded, forArm.Error?.Message);
        Assert.Equal(index, forArm.Image!.Digest);
        Assert.Equal(index, forArm.Image.IndexDigest);
        Assert.Equal(ManifestMediaTypes.OciIndex, forArm.Image.MediaType);
        Assert.Equal(arm.Digest, forArm.Image.PlatformDigest);
        Assert.Equal("arm64", forArm.Image.Config.Architecture);
        Assert.Equal(new Version(12, 4, 1), forArm.Image.CudaVersion);
        Assert.Equal(amd.Digest, byDefault.Image!.PlatformDigest);
    }

    [Fact]
    public async Task Should_resolve_a_docker_manifest_list_the_same_way()
    {
        var repo = TestRegistries.Repository();
        var amd = await fixture.Pusher.PushImageAsync(repo, null, Amd64, oci: false);
        var arm = await fixture.Pusher.PushImageAsync(repo, null, new ImagePlatform("linux", "arm", "v7"), oci: false);
        var list = await fixture.Pusher.PushIndexAsync(repo, "latest", [amd, arm], oci: false);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}", ImagePlatform.Parse("linux/arm/v7"));

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        Assert.Equal(list, lookup.Image!.Digest);
        Assert.Equal(ManifestMediaTypes.DockerManifestList, lookup.Image.MediaType);
        Assert.Equal(arm.Digest, lookup.Image.PlatformDigest);
        Assert.Equal(ManifestMediaTypes.DockerManifest, lookup.Image.PlatformMediaType);
    }

    [Fact]
    public async Task Should_resolve_a_reference_pinned_by_digest()
    {
        var repo = TestRegistries.Repository();
        var image = await fixture.Pusher.PushImageAsync(repo, "moving", Amd64);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}@{image.Digest}");

        Assert.True(lookup.Succeeded, lookup.Error?.Message);
        Assert.Equal(image.Digest, lookup.Image!.PlatformDigest);
    }

    [Fact]
    public async Task Should_only_head_the_manifest_when_its_digest_was_resolved_before()
    {
        var repo = TestRegistries.Repository();
        var image = await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64, ["CUDA_VERSION=12.1.0"]);
        var reference = $"{fixture.Registry.Host}/{repo}:12.1";
        await _client.ResolveAsync(reference);

        // Without the config blob a full resolution must fail, so success proves nothing past the HEAD was fetched.
        await fixture.Pusher.DeleteBlobAsync(repo, image.ConfigDigest);
        var known = await _client.ResolveAsync(reference);
        var unknown = await TestRegistries.Client().ResolveAsync(reference);

        Assert.True(known.Succeeded, known.Error?.Message);
        Assert.Equal(new Version(12, 1, 0), known.Image!.CudaVersion);
        Assert.Equal(RegistryErrorKind.RegistryFailed, unknown.Error!.Kind);
        Assert.Contains($"lists config blob {image.ConfigDigest}", unknown.Error.Message);
    }

    [Fact]
    public async Task Should_say_which_platforms_exist_when_the_index_lacks_the_requested_one()
    {
        var repo = TestRegistries.Repository();
        var amd = await fixture.Pusher.PushImageAsync(repo, null, Amd64);
        var arm = await fixture.Pusher.PushImageAsync(repo, null, Arm64);
        await fixture.Pusher.PushIndexAsync(repo, "12.1", [amd, arm]);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:12.1", ImagePlatform.Parse("linux/s390x"));

        Assert.Equal(RegistryErrorKind.NoPlatformMatch, lookup.Error!.Kind);
        Assert.Equal($"no linux/s390x image in {fixture.Registry.Host}/{repo}:12.1 (it has linux/amd64, linux/arm64)", lookup.Error.Message);
        Assert.False(lookup.Error.IsTransient);
    }

    [Fact]
    public async Task Should_refuse_a_single_platform_image_built_for_another_platform()
    {
        var repo = TestRegistries.Repository();
        await fixture.Pusher.PushImageAsync(repo, "amd-only", Amd64);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:amd-only", Arm64);

        Assert.Equal(RegistryErrorKind.NoPlatformMatch, lookup.Error!.Kind);
        Assert.StartsWith($"no linux/arm64 image in {fixture.Registry.Host}/{repo}:amd-only", lookup.Error.Message);
    }

    [Fact]
    public async Task Should_name_the_tag_and_repository_when_the_tag_does_not_exist()
    {
        var repo = TestRegistries.Repository();
        await fixture.Pusher.PushImageAsync(repo, "12.1", Amd64);

        var lookup = await _client.ResolveAsync($"{fixture.Registry.Host}/{repo}:12.9");

        Assert.Equal(RegistryErrorKind.NotFound, lookup.Error!.Kind);
        Assert.Equal($"tag '12.9' not found in {fixture.Registry.Host}/{repo}", lookup.Error.Message);
    }

    [Fact]
    public async Task Should_report_a_closed_port_as_unreachable_instead_of_throwing()
    {
        var closed = $"127.0.0.1:{RegistryProcess.FreePort()}";

        var lookup = await _client.ResolveAsync($"{closed}/farm/cuda:12.1");

        Assert.Equal(RegistryErrorKind.RegistryUnreachable, lookup.Error!.Kind);
        Assert.Equal($"registry {closed} is unreachable: connection refused (http://{closed})", lookup.Error.Message);
        Assert.True(lookup.Error.IsTransient);
    }

    [Fact]
    public async Task Should_reject_an_invalid_reference_before_calling_any_registry()
    {
        var lookup = await _client.ResolveAsync("nvidia/CUDA:12.1");

        Assert.Equal(RegistryErrorKind.InvalidReference, lookup.Error!.Kind);
        Assert.Contains("must be lowercase", lookup.Error.Message);
    }
}
