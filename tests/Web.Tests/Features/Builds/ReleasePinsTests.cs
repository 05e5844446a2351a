using BuildFarm.Contracts;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Features.Planning;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>How a release's bases are pinned at submit, or why it is refused.</summary>
public class ReleasePinsTests
{
    static readonly BuildSpec Everyday = new("https://git.example.com/ml.git", "main", "Dockerfile", ".", null,
        new Dictionary<string, string>(), [], NoCache: false, Pull: false);
    static readonly BuildSpec Release = Everyday with { Release = true };

    static string Digest(char c) => "sha256:" + new string(c, 64);

    static PlanningResult Planned(string? targetBase, params BaseImage[] bases) => new("abc123", null, bases, []) { TargetBase = targetBase };

    static BaseImage Base(string reference, string? tagDigest, string? platformDigest = null) =>
        new(reference, platformDigest ?? tagDigest, "resolved", tagDigest is null ? "registry unreachable" : null, null, TagDigest: tagDigest);

    [Fact]
    public void Should_pin_every_base_to_its_tag_digest_with_the_target_stage_base_first()
    {
        var planned = Planned("nvidia/cuda:12.1-runtime",
            Base("python:3.12", Digest('a')), Base("nvidia/cuda:12.1-runtime", Digest('b'), Digest('c')));

        var (pins, refusal) = ReleasePins.For(Release, planned);

        Assert.Null(refusal);
        Assert.Equal([new BasePin("nvidia/cuda:12.1-runtime", Digest('b'), Digest('c')), new BasePin("python:3.12", Digest('a'), Digest('a'))], pins);
    }

    [Fact]
    public void Should_refuse_a_release_when_the_registry_could_not_name_a_base_digest()
    {
        var (pins, refusal) = ReleasePins.For(Release, Planned("python:3.12", Base("python:3.12", null)));

        Assert.Empty(pins);
        Assert.Equal("A release build pins its bases to their digests at submit, and the registry could not say what python:3.12 names now: registry unreachable.", refusal);
    }

    [Fact]
    public void Should_refuse_a_release_whose_base_digest_is_a_stale_stand_in_for_an_unreachable_registry()
    {
        var stale = Base("python:3.12", Digest('a')) with { Status = "stale", Note = "registry unreachable: connection refused" };

        var (_, refusal) = ReleasePins.For(Release, Planned("python:3.12", stale));

        Assert.EndsWith("could not say what python:3.12 names now: registry unreachable: connection refused.", refusal);
    }

    [Fact]
    public void Should_refuse_a_release_the_farm_did_not_plan() =>
        Assert.Contains("this farm does not plan builds at submit", ReleasePins.For(Release, null).Refusal);

    [Fact]
    public void Should_pin_nothing_and_refuse_nothing_for_an_everyday_build()
    {
        var (pins, refusal) = ReleasePins.For(Everyday, null);

        Assert.Empty(pins);
        Assert.Null(refusal);
    }

    [Fact]
    public void Should_make_a_release_no_cache_and_pulled_and_leave_an_everyday_build_as_asked()
    {
        Assert.Equal((true, true), (ReleasePins.Enforce(Release).NoCache, ReleasePins.Enforce(Release).Pull));
        Assert.Equal((false, false), (ReleasePins.Enforce(Everyday).NoCache, ReleasePins.Enforce(Everyday).Pull));
    }
}
