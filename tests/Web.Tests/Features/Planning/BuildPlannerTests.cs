using BuildFarm.Testing;
using System.Diagnostics;
using BuildFarm.Contracts;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Features.Registry;
using BuildFarm.Web.Tests.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Planning;

/// <summary>Planning at submit, from a real git repository (through the bare mirror) and a real registry.</summary>
public class BuildPlannerTests(OpenRegistryFixture registry) : IClassFixture<OpenRegistryFixture>, IDisposable
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
    readonly string _dir = Directory.CreateTempSubdirectory("farm-planner-").FullName;

    string Repo => Path.Combine(_dir, "repo");

    async Task<string> BaseAsync()
    {
        var repository = TestRegistries.Repository("cuda");
        await registry.Pusher.PushImageAsync(repository, "12.1-runtime", ImagePlatform.Default, ["CUDA_VERSION=12.1.0"]);
        return $"{registry.Registry.Host}/{repository}:12.1-runtime";
    }

    void Commit(Dictionary<string, string> files)
    {
        Directory.CreateDirectory(Repo);
        if (!Directory.Exists(Path.Combine(Repo, ".git")))
            Git("init", "-q", "-b", "main");
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Repo, path))!);
            File.WriteAllText(Path.Combine(Repo, path), content);
        }
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "change");
    }

    void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }

    BuildPlanner Planner() => new(new GitMirror(Path.Combine(_dir, "mirrors")),
        TestRegistries.Resolver(TestRegistries.Settings(), TimeProvider.System));

    BuildSpec Spec(string dockerfile = "Dockerfile", string? target = null, string context = ".") =>
        new($"file://{Repo}", "main", dockerfile, context, target, new Dictionary<string, string>(), [], false, false);

    [Fact]
    public async Task Should_plan_the_chain_from_the_commit_with_the_bases_platform_digest()
    {
        var image = await BaseAsync();
        Commit(new() { ["Dockerfile"] = $"FROM {image}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ src/\n",
            ["requirements.txt"] = "torch\n", ["src/train.py"] = "print(1)\n" });

        var planned = await Planner().PlanAsync(Spec(), allowLocal: true, CancellationToken.None);

        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
        Assert.Matches("^[0-9a-f]{40}$", planned.Commit);
        var baseImage = Assert.Single(planned.Bases);
        Assert.StartsWith("sha256:", baseImage.Digest);
        Assert.Equal(4, planned.Plan!.Target!.Steps.Count);
        Assert.True(planned.Plan.Target.BaseDigestKnown);
    }

    [Fact]
    public async Task Should_lint_the_dockerfile_at_the_planned_commit_without_refusing_it()
    {
        var image = await BaseAsync();
        Commit(new() { ["Dockerfile"] = $"FROM {image}\nRUN apt-get update\nRUN apt-get install -y sox\nCOPY . .\nRUN pip install -r requirements.txt\n",
            ["requirements.txt"] = "torch==2.3.0\n" });

        var planned = await Planner().PlanAsync(Spec(), allowLocal: true, CancellationToken.None);

        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
        var rules = planned.Lint!.Findings.Select(f => (f.Rule, f.Line)).ToList();
        Assert.Contains(("apt-update-alone", 2), rules);
        Assert.Contains(("manifest-not-copied-first", 5), rules);
    }

    [Fact]
    public async Task Should_change_only_the_keys_from_the_copy_of_a_changed_file()
    {
        var image = await BaseAsync();
        Commit(new() { ["Dockerfile"] = $"FROM {image}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ src/\nRUN python -m compileall src\n",
            ["requirements.txt"] = "torch\n", ["src/train.py"] = "print(1)\n" });
        var before = (await Planner().PlanAsync(Spec(), true, CancellationToken.None)).Plan!.Target!.Steps.Select(s => s.Key).ToList();

        Commit(new() { ["src/train.py"] = "print(2)\n" });
        var after = (await Planner().PlanAsync(Spec(), true, CancellationToken.None)).Plan!.Target!.Steps.Select(s => s.Key).ToList();

        Assert.Equal(before.Take(3), after.Take(3));
        Assert.NotEqual(before[3], after[3]);
        Assert.NotEqual(before[4], after[4]);
    }

    [Theory]
    [InlineData("./app/")]
    [InlineData("a/../app")]
    public async Task Should_plan_an_uncleaned_context_path_as_the_clean_one(string context)
    {
        var image = await BaseAsync();
        Commit(new() { ["app/Dockerfile"] = $"FROM {image}\nCOPY src/ src/\nRUN python -m compileall src\n",
            ["app/src/train.py"] = "print(1)\n" });
        var planner = Planner();
        var clean = await planner.PlanAsync(Spec(context: "app"), true, CancellationToken.None);

        var planned = await planner.PlanAsync(Spec(context: context), true, CancellationToken.None);

        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
        Assert.Equal(clean.Plan!.Target!.Steps.Select(s => s.Key), planned.Plan!.Target!.Steps.Select(s => s.Key));
        var mirror = new GitMirror(Path.Combine(_dir, "mirrors"));
        var files = await mirror.ListFilesAsync($"file://{Repo}", planned.Commit!, context, CancellationToken.None);
        Assert.Equal(["Dockerfile", "src/train.py"], files.Select(f => f.Path).Order());
    }

    [Fact]
    public async Task Should_refuse_a_dockerfile_with_a_syntax_error_naming_its_line()
    {
        Commit(new() { ["Dockerfile"] = "FROM scratch\nCOPY a /a\nRUNN echo hi\n", ["a"] = "a" });

        var planned = await Planner().PlanAsync(Spec(), true, CancellationToken.None);

        Assert.Contains(planned.Errors, e => e.Contains("line 3") && e.Contains("RUNN"));
    }

    [Theory]
    [InlineData("!\n", ".dockerignore line 1: illegal exclusion pattern")]
    [InlineData("*.md\nsrc/[\n", ".dockerignore line 2: syntax error in pattern")]
    [InlineData("x/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*\n",
        ".dockerignore line 1: pattern")]
    public async Task Should_refuse_a_dockerignore_the_agent_would_refuse_naming_its_line(string dockerignore, string error)
    {
        Commit(new() { ["Dockerfile"] = "FROM scratch\nCOPY a /a\n", ["a"] = "a", [".dockerignore"] = dockerignore });

        var planned = await Planner().PlanAsync(Spec(), true, CancellationToken.None);

        Assert.StartsWith(error, planned.Errors.Single());
    }

    [Fact]
    public async Task Should_refuse_a_missing_dockerfile_an_unknown_target_and_an_unknown_ref()
    {
        Commit(new() { ["Dockerfile"] = "FROM scratch AS build\nCOPY a /a\n", ["a"] = "a" });
        var planner = Planner();

        Assert.Contains("Dockerfile 'docker/Dockerfile' not found", (await planner.PlanAsync(Spec("docker/Dockerfile"), true, CancellationToken.None)).Errors.Single());
        Assert.Contains("test", (await planner.PlanAsync(Spec(target: "test"), true, CancellationToken.None)).Errors.Single());
        var unknownRef = await planner.PlanAsync(Spec() with { Ref = "no-such-branch" }, true, CancellationToken.None);
        Assert.Equal("ref 'no-such-branch' not found in file://" + Repo, unknownRef.Errors.Single());
    }

    [Fact]
    public async Task Should_refuse_a_base_tag_the_registry_does_not_have()
    {
        Commit(new() { ["Dockerfile"] = $"FROM {registry.Registry.Host}/cuda/none:12.9\nRUN true\n" });

        var planned = await Planner().PlanAsync(Spec(), true, CancellationToken.None);

        var error = Assert.Single(planned.Errors);
        Assert.StartsWith("line 1: base image", error);
        Assert.Contains("not found", error);
    }

    [Fact]
    public async Task Should_still_plan_with_the_digest_unknown_when_the_registry_is_down()
    {
        var closed = $"127.0.0.1:{RegistryProcess.FreePort()}";
        Commit(new() { ["Dockerfile"] = $"FROM {closed}/cuda/base:12.1\nRUN true\n" });

        var planned = await Planner().PlanAsync(Spec(), true, CancellationToken.None);

        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
        var baseImage = Assert.Single(planned.Bases);
        Assert.Null(baseImage.Digest);
        Assert.Equal("unknown", baseImage.Status);
        Assert.Contains("unreachable", baseImage.Note);
        Assert.False(planned.Plan!.Target!.BaseDigestKnown);
    }

    [Fact]
    public async Task Should_refuse_local_repositories_where_the_farm_does_not_allow_them()
    {
        Commit(new() { ["Dockerfile"] = "FROM scratch\n" });

        var planned = await Planner().PlanAsync(Spec(), allowLocal: false, CancellationToken.None);

        Assert.Equal("local repositories are not allowed on this farm", planned.Errors.Single());
    }

    [Fact]
    public async Task Should_report_a_base_tag_that_moved_while_the_farm_was_down()
    {
        var image = await BaseAsync();
        Commit(new() { ["Dockerfile"] = $"FROM {image}\nRUN echo hi\n" });
        await using var farm = await TestDatabase.CreateAsync();
        var first = await farm.WithDbAsync(async db =>
            await DigestLedger.RecordBasesAsync(db, await Planner().PlanAsync(Spec(), true, CancellationToken.None), Now, CancellationToken.None));

        // The tag moves; the next plan comes from a new planner (a restarted Web: its resolver remembers nothing).
        var repository = image[(image.IndexOf('/') + 1)..image.LastIndexOf(':')];
        await registry.Pusher.PushImageAsync(repository, "12.1-runtime", ImagePlatform.Default, ["CUDA_VERSION=12.1.1"]);
        var second = await farm.WithDbAsync(async db =>
            await DigestLedger.RecordBasesAsync(db, await Planner().PlanAsync(Spec(), true, CancellationToken.None), Now, CancellationToken.None));

        Assert.Null(first.Bases.Single().MovedFrom);
        Assert.NotEqual(first.Bases.Single().TagDigest, second.Bases.Single().TagDigest);
        Assert.Equal(first.Bases.Single().TagDigest, second.Bases.Single().MovedFrom);
    }

    [Fact]
    public async Task Should_not_call_a_tag_moved_when_only_the_planned_platform_differs()
    {
        var repository = TestRegistries.Repository("cuda");
        var amd64 = await registry.Pusher.PushImageAsync(repository, null, ImagePlatform.Default, ["CUDA_VERSION=12.1.0"]);
        var arm64 = await registry.Pusher.PushImageAsync(repository, null, ImagePlatform.Parse("linux/arm64"), ["CUDA_VERSION=12.1.0"]);
        var index = await registry.Pusher.PushIndexAsync(repository, "12.1-runtime", [amd64, arm64]);
        var image = $"{registry.Registry.Host}/{repository}:12.1-runtime";
        Commit(new() { ["Dockerfile.amd64"] = $"FROM --platform=linux/amd64 {image}\nRUN true\n",
            ["Dockerfile.arm64"] = $"FROM --platform=linux/arm64 {image}\nRUN true\n" });
        await using var farm = await TestDatabase.CreateAsync();

        var planned = new List<BaseImage>();
        foreach (var dockerfile in new[] { "Dockerfile.amd64", "Dockerfile.arm64", "Dockerfile.amd64" })
            planned.Add((await farm.WithDbAsync(async db => await DigestLedger.RecordBasesAsync(db,
                await Planner().PlanAsync(Spec(dockerfile), true, CancellationToken.None), Now, CancellationToken.None))).Bases.Single());

        Assert.Equal([amd64.Digest, arm64.Digest, amd64.Digest], planned.Select(b => b.Digest));
        Assert.All(planned, b => Assert.Equal(index, b.TagDigest));
        Assert.All(planned, b => Assert.Null(b.MovedFrom));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
