using BuildFarm.Shared.CacheKeys;

namespace BuildFarm.Shared.Tests.CacheKeys;

public class CacheKeyChainTests
{
    // Steps: 0 FROM, 1 WORKDIR, 2 COPY requirements, 3 RUN pip, 4 ARG, 5 ENV, 6 COPY ., 7 RUN compileall, 8 CMD.
    private const string Dockerfile = """
        FROM python:3.11
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        ARG GIT_SHA=unknown
        ENV APP_MODE=production
        COPY . .
        RUN python -m compileall src
        CMD ["python", "src/train.py"]
        """;

    private static readonly PlanInputs Project = new(Dockerfile, new Dictionary<string, string>
    {
        ["requirements.txt"] = "torch==2.9.0\nnumpy\n",
        ["src/train.py"] = "print('train')\n",
        ["src/model.py"] = "class Model: pass\n",
        ["data/big.bin"] = "weights",
        [".dockerignore"] = "data\n",
    }, DockerIgnore: "data\n");

    [Fact]
    public void Should_give_the_same_keys_for_the_same_inputs_whatever_their_order()
    {
        var reordered = Project with
        {
            Files = Project.Files!.Reverse().ToDictionary(),
            BuildArgs = new Dictionary<string, string> { ["B"] = "2", ["GIT_SHA"] = "abc" },
        };
        var shuffled = Project with { BuildArgs = new Dictionary<string, string> { ["GIT_SHA"] = "abc", ["B"] = "2" } };

        Assert.Equal(PlanInputs.Keys(Project.Plan()), PlanInputs.Keys(Project.Plan()));
        Assert.Equal(PlanInputs.Keys(shuffled.Plan()), PlanInputs.Keys(reordered.Plan()));
        Assert.All(PlanInputs.Keys(Project.Plan()), k => Assert.Matches("^[0-9a-f]{64}$", k));
    }

    [Fact]
    public void Should_change_exactly_the_keys_from_the_copy_of_a_changed_late_file()
    {
        var changed = Project.WithFile("src/train.py", "print('train harder')\n");

        Assert.Equal([6, 7, 8], PlanInputs.Changed(Project.Plan(), changed.Plan()));
    }

    [Fact]
    public void Should_invalidate_from_the_requirements_copy_when_requirements_change()
    {
        var changed = Project.WithFile("requirements.txt", "torch==2.9.1\nnumpy\n");

        Assert.Equal([2, 3, 4, 5, 6, 7, 8], PlanInputs.Changed(Project.Plan(), changed.Plan()));
    }

    [Fact]
    public void Should_change_keys_only_from_the_first_step_that_has_a_changed_build_arg_in_scope()
    {
        var before = Project.WithArg("GIT_SHA", "1111111");
        var after = Project.WithArg("GIT_SHA", "2222222");

        Assert.Equal([5, 6, 7, 8], PlanInputs.Changed(before.Plan(), after.Plan()));
    }

    [Fact]
    public void Should_change_nothing_when_a_file_dockerignore_excludes_changes()
    {
        var changed = Project.WithFile("data/big.bin", "other weights").WithFile("data/new.bin", "more");

        Assert.Empty(PlanInputs.Changed(Project.Plan(), changed.Plan()));
        Assert.DoesNotContain("data/big.bin", Project.Plan().Target!.Steps[6].SourcesHashed);
    }

    [Fact]
    public void Should_change_every_key_when_the_base_digest_moves()
    {
        var moved = Project with { Digests = new Dictionary<string, string> { ["python:3.11"] = "sha256:" + new string('2', 64) } };

        Assert.Equal(Enumerable.Range(0, 9), PlanInputs.Changed(Project.Plan(), moved.Plan()));
    }

    [Fact]
    public void Should_use_the_platform_digest_itself_as_the_key_of_from()
    {
        var stage = Project.Plan().Target!;

        Assert.Equal(PlanInputs.PythonDigest["sha256:".Length..], stage.Steps[0].Key);
        Assert.Equal((PlanInputs.PythonDigest, true), (stage.BaseDigest, stage.BaseDigestKnown));
        Assert.Equal("FROM python:3.11", stage.Steps[0].Instruction);
    }

    [Fact]
    public void Should_derive_an_unknown_base_from_its_reference_and_say_so()
    {
        var unresolved = Project with { Digests = new Dictionary<string, string>() };
        var plan = unresolved.Plan();

        Assert.False(plan.Target!.BaseDigestKnown);
        Assert.Null(plan.Target.BaseDigest);
        Assert.Equal(["python:3.11"], plan.UnresolvedReferences);
        Assert.Equal(PlanInputs.Keys(plan), PlanInputs.Keys(unresolved.Plan()));
        Assert.NotEqual(PlanInputs.Keys(Project.Plan())[0], PlanInputs.Keys(plan)[0]);
    }

    [Fact]
    public void Should_flow_an_env_change_into_every_later_key()
    {
        var changed = Project with { Dockerfile = Dockerfile.Replace("APP_MODE=production", "APP_MODE=debug") };

        Assert.Equal([5, 6, 7, 8], PlanInputs.Changed(Project.Plan(), changed.Plan()));
    }

    [Fact]
    public void Should_change_the_key_when_only_a_file_mode_changes()
    {
        var executable = Project with { Modes = new Dictionary<string, int> { ["src/train.py"] = ContextFile.ExecutableMode } };

        Assert.Equal([6, 7, 8], PlanInputs.Changed(Project.Plan(), executable.Plan()));
    }

    [Fact]
    public void Should_change_the_key_when_the_same_content_moves_to_another_path()
    {
        var files = Project.Files!.Where(f => f.Key != "src/model.py").ToDictionary();
        var renamed = Project with { Files = new Dictionary<string, string>(files) { ["src/models.py"] = Project.Files!["src/model.py"] } };

        Assert.Equal([6, 7, 8], PlanInputs.Changed(Project.Plan(), renamed.Plan()));
    }

    [Fact]
    public void Should_name_the_files_hashed_for_each_step()
    {
        var steps = Project.Plan().Target!.Steps;

        Assert.Equal(["requirements.txt"], steps[2].SourcesHashed);
        Assert.Equal([".dockerignore", "requirements.txt", "src/model.py", "src/train.py"], steps[6].SourcesHashed);
        Assert.Equal(4, steps[6].SourceCount);
        Assert.Empty(steps[3].SourcesHashed);
        Assert.Equal([true, true, true, true, false, false, true, true, false], steps.Select(s => s.HasVertex));
    }
}
