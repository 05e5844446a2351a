using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Tests.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Planning;

/// <summary>Enormous Dockerfiles and contexts are refused at planning with the size and the limit; FROM scratch keeps
/// the registry out of it.</summary>
public sealed class ContextLimitsPlanningTests : IDisposable
{
    static readonly ContextLimits Small = new(MaxDockerfileBytes: 64, MaxContextBytes: 1000, MaxContextFiles: 5);
    const string Dockerfile = "FROM scratch\nCOPY . /\n";

    readonly LocalGitRepo _repo = new();
    readonly string _mirrors = Directory.CreateTempSubdirectory("farm-limits-mirrors-").FullName;

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_mirrors, recursive: true);
    }

    Task<PlanningResult> PlanAsync(ContextLimits limits) =>
        new BuildPlanner(new GitMirror(_mirrors), TestRegistries.Resolver(TestRegistries.Settings(), TimeProvider.System), limits)
            .PlanAsync(new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false),
                allowLocal: true, CancellationToken.None);

    [Fact]
    public async Task Should_refuse_a_dockerfile_over_the_limit_naming_its_size_and_the_limit()
    {
        _repo.Write("Dockerfile", Dockerfile + "# " + new string('x', 100) + "\n").Commit();

        var planned = await PlanAsync(Small);

        Assert.Equal(["Dockerfile 'Dockerfile' is 125 bytes, over the farm's limit of 64 bytes for a Dockerfile"], planned.Errors);
        Assert.Null(planned.Plan);
    }

    [Fact]
    public async Task Should_refuse_a_context_over_the_byte_limit_counting_only_what_dockerignore_keeps()
    {
        _repo.Write("Dockerfile", Dockerfile).Write("weights.bin", new string('w', 2000)).Commit();

        var planned = await PlanAsync(Small);

        Assert.Equal(["Context '.' holds 2 KiB (2,022 bytes) after .dockerignore, over the farm's limit of 1,000 bytes; leave data and weights out with .dockerignore"],
            planned.Errors);

        _repo.Write(".dockerignore", "*.bin\n").Commit();
        var ignored = await PlanAsync(Small);
        Assert.True(ignored.Succeeded, string.Join("; ", ignored.Errors));
    }

    [Fact]
    public async Task Should_refuse_a_context_over_the_file_count_limit()
    {
        _repo.Write("Dockerfile", Dockerfile);
        for (var i = 0; i < 6; i++)
            _repo.Write($"data/{i}.txt", "x");
        _repo.Commit();

        var planned = await PlanAsync(Small);

        Assert.Equal(["Context '.' holds 7 files after .dockerignore, over the farm's limit of 5 files; leave data out with .dockerignore"], planned.Errors);
    }

    [Fact]
    public async Task Should_plan_a_context_just_at_its_limits()
    {
        _repo.Write("Dockerfile", Dockerfile).Write("a.txt", "a").Commit();

        var planned = await PlanAsync(new ContextLimits(Dockerfile.Length, Dockerfile.Length + 1, 2));

        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
    }

    [Fact]
    public async Task Should_measure_a_blob_from_its_header_and_say_null_for_a_missing_file()
    {
        _repo.Write("Dockerfile", Dockerfile).Commit();
        var mirror = new GitMirror(_mirrors);
        var commit = await mirror.ResolveAsync(_repo.Url, "main", allowLocal: true, CancellationToken.None);

        Assert.Equal(Dockerfile.Length, await mirror.BlobSizeAsync(_repo.Url, commit, "Dockerfile", CancellationToken.None));
        Assert.Null(await mirror.BlobSizeAsync(_repo.Url, commit, "gpu.Dockerfile", CancellationToken.None));
    }
}
