using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>Release builds on a real engine and the real registry: the base is pushed, pinned as the Web pins it at
/// submit, and in one case its tag moved before the agent got the build.</summary>
[Collection(EngineCollection.Name)]
public sealed class ReleaseGateTests(EngineFixture fixture) : IDisposable
{
    readonly GitRepo _repo = new();
    readonly TempDir _work = new();
    readonly string _token = Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    string Repository => $"{TestRegistry.Address}/buildfarm-test/release-{_token[..12]}";

    BuildRunner Runner() =>
        new(fixture.Engine.System, fixture.Engine.Images, fixture.Engine.Containers,
            new BuildRunnerOptions(_work.Path, AllowLocalRepositories: true), TimeProvider.System);

    StartBuild Release(string reference, string pinned, string tag) =>
        new(Guid.NewGuid(), 1, new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [tag],
            NoCache: true, Pull: true, Release: true), Pins: [new BasePin(reference, pinned)]);

    [RegistryFact]
    public async Task Should_build_a_release_on_its_pinned_base_and_record_the_digest_in_the_image()
    {
        var reference = Repository + ":1";
        var digest = await TestRegistry.PushNewImageAsync(fixture.Engine, Repository, "1");
        _repo.Write("Dockerfile", $"FROM {reference}\nRUN echo release {_token}\n").Commit();
        var tag = $"buildfarm-test/released:{_token[..12]}";

        var finished = await Runner().RunAsync(Release(reference, digest, tag), "agent-1", new RecordingSink(), CancellationToken.None);

        Assert.True(finished.Outcome == BuildOutcome.Succeeded, finished.Error);
        var labels = await fixture.Engine.Images.GetLabelsAsync(tag);
        Assert.Equal(reference, labels[ReleaseGate.BaseNameLabel]);
        Assert.Equal(digest, labels[ReleaseGate.BaseDigestLabel]);
        Assert.Equal($"{reference}@{digest}", labels[ReleaseGate.PinnedBasesLabel]);
    }

    [RegistryFact]
    public async Task Should_fail_a_release_whose_base_tag_moved_since_submit_before_any_step_runs()
    {
        var reference = Repository + ":1";
        var pinned = await TestRegistry.PushNewImageAsync(fixture.Engine, Repository, "1");
        var moved = await TestRegistry.PushNewImageAsync(fixture.Engine, Repository, "1");
        Assert.NotEqual(pinned, moved);
        _repo.Write("Dockerfile", $"FROM {reference}\nRUN echo release {_token}\n").Commit();
        var sink = new RecordingSink();

        var finished = await Runner().RunAsync(Release(reference, pinned, $"buildfarm-test/released:{_token[..12]}"), "agent-1", sink,
            CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.Equal($"Release build stopped: base image {reference} moved from {pinned} (pinned at submit) to {moved} before the build ran. " +
                     "Queue the release again to build on the new digest.", finished.Error);
        Assert.Empty(sink.Started);
    }

    [RegistryFact]
    public async Task Should_fail_a_release_whose_base_the_registry_no_longer_knows()
    {
        var reference = Repository + ":gone";
        _repo.Write("Dockerfile", $"FROM {reference}\n").Commit();

        var finished = await Runner().RunAsync(Release(reference, "sha256:" + new string('a', 64), "buildfarm-test/never:1"), "agent-1",
            new RecordingSink(), CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, finished.Outcome);
        Assert.StartsWith($"Release build stopped: could not confirm that base image {reference} still names sha256:aaaa", finished.Error);
    }

    [Fact]
    public void Should_label_nothing_for_an_everyday_build() => Assert.Null(ReleaseGate.Labels(null));
}
