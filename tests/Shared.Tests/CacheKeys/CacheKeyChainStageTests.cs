namespace BuildFarm.Shared.Tests.CacheKeys;

public class CacheKeyChainStageTests
{
    private const string Dockerfile = """
        FROM python:3.11 AS deps
        COPY requirements.txt .
        RUN pip wheel -r requirements.txt -w /wheels

        FROM python:3.11 AS docs
        COPY docs/ /docs/
        RUN make -C /docs html

        FROM deps AS test
        COPY . /src
        RUN pytest /src

        FROM python:3.11-slim AS runtime
        COPY --from=deps /wheels /wheels
        RUN pip install /wheels/*
        COPY src/ /app/
        """;

    private static readonly PlanInputs Project = new(Dockerfile, new Dictionary<string, string>
    {
        ["requirements.txt"] = "torch\n",
        ["docs/index.md"] = "# docs\n",
        ["src/app.py"] = "print(1)\n",
    }, Digests: new Dictionary<string, string>
    {
        ["python:3.11"] = PlanInputs.PythonDigest,
        ["python:3.11-slim"] = "sha256:" + new string('3', 64),
    });

    [Fact]
    public void Should_plan_only_the_stages_the_target_needs_in_file_order()
    {
        Assert.Equal(["deps", "runtime"], Project.Plan().Stages.Select(s => s.Name));
        Assert.Equal(["deps", "test"], (Project with { Target = "TEST" }).Plan().Stages.Select(s => s.Name));
        Assert.Equal("test", (Project with { Target = "test" }).Plan().Target!.Name);
    }

    [Fact]
    public void Should_chain_copy_from_on_the_source_stage_final_key()
    {
        var plan = Project.Plan();
        var changed = Project.WithFile("requirements.txt", "torch\nnumpy\n").Plan();
        var runtime = plan.Stages[1];

        Assert.Equal([0], runtime.Steps[1].SourceStages);
        Assert.Equal([1, 2, 3], PlanInputs.Changed(plan, changed));
        Assert.NotEqual(plan.Stages[0].FinalKey, changed.Stages[0].FinalKey);
    }

    [Fact]
    public void Should_start_a_stage_built_from_another_on_that_stage_final_key()
    {
        var test = (Project with { Target = "test" }).Plan();

        Assert.Equal(test.Stages[0].FinalKey, test.Target!.Steps[0].Key);
        Assert.Equal((1, "deps"), (test.Target.Steps.Count - 2, test.Target.Base));
        Assert.True(test.Target.BaseDigestKnown);
    }

    [Fact]
    public void Should_ignore_changes_in_stages_the_target_does_not_need()
    {
        var changed = Project.WithFile("docs/index.md", "# other docs\n");

        Assert.Empty(PlanInputs.Changed(Project.Plan(), changed.Plan()));
    }

    [Fact]
    public void Should_mark_context_reads_unhashed_without_a_context_and_still_plan()
    {
        var plan = (Project with { Files = null }).Plan();
        var runtime = plan.Target!;

        Assert.True(plan.Succeeded);
        Assert.Equal([false, true, false, false, false, false, true], plan.Stages.SelectMany(s => s.Steps).Select(s => s.Unhashed));
        Assert.Equal([true, false, false], plan.Stages[0].Steps.Select(s => s.Predictable));
        Assert.False(runtime.Steps[1].Predictable);
        Assert.False(plan.Predictable);
        Assert.Equal(PlanInputs.Keys(plan), PlanInputs.Keys((Project with { Files = null }).Plan()));
    }

    [Fact]
    public void Should_hash_the_context_files_a_run_bind_mount_reads()
    {
        var mounted = new PlanInputs(
            "FROM python:3.11\nRUN --mount=type=bind,source=requirements.txt,target=/r.txt pip install -r /r.txt\n" +
            "RUN --mount=type=cache,target=/root/.cache pip list\n",
            new Dictionary<string, string> { ["requirements.txt"] = "torch\n", ["other.txt"] = "x" });

        Assert.Equal(["requirements.txt"], mounted.Plan().Target!.Steps[1].SourcesHashed);
        Assert.Equal([1, 2], PlanInputs.Changed(mounted.Plan(), mounted.WithFile("requirements.txt", "numpy\n").Plan()));
        Assert.Empty(PlanInputs.Changed(mounted.Plan(), mounted.WithFile("other.txt", "y").Plan()));
    }

    [Fact]
    public void Should_select_copy_sources_as_docker_does()
    {
        var files = new Dictionary<string, string>
        {
            ["a.py"] = "", ["b.py"] = "", ["lib/c.py"] = "", ["lib/deep/d.py"] = "", ["lib.txt"] = "", ["notes/x.md"] = "",
        };
        string[] Hashed(string copy) => new PlanInputs($"FROM python:3.11\nCOPY {copy} /dst/\n", files).Plan().Target!.Steps[1].SourcesHashed.ToArray();

        Assert.Equal(["a.py", "b.py"], Hashed("*.py"));
        Assert.Equal(["lib/c.py", "lib/deep/d.py"], Hashed("lib"));
        Assert.Equal(["lib/c.py", "lib/deep/d.py"], Hashed("./lib/"));
        Assert.Equal(["lib.txt", "lib/c.py", "lib/deep/d.py"], Hashed("li[b]*"));
        Assert.Equal(["lib/c.py"], Hashed("lib/?.py"));
        Assert.Equal(["lib/c.py"], Hashed("*/c.py"));
        Assert.Equal(["b.py"], Hashed("[^a]*.py"));
        Assert.Equal(["a.py", "b.py"], Hashed("[a-b].py"));
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), Hashed("."));
        Assert.Equal(["notes/x.md"], Hashed("/notes/../notes"));
        Assert.Equal(["a.py", "notes/x.md"], Hashed("a.py notes"));
    }

    [Fact]
    public void Should_list_a_missing_source_but_not_an_empty_wildcard()
    {
        var plan = new PlanInputs("FROM python:3.11\nCOPY missing.txt *.none /dst/\n", new Dictionary<string, string> { ["a"] = "" }).Plan();

        Assert.Equal(["missing.txt"], plan.Target!.Steps[1].MissingSources);
    }

    [Fact]
    public void Should_key_copy_from_an_image_on_its_digest()
    {
        var inputs = new PlanInputs("FROM python:3.11\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n", new Dictionary<string, string>());
        var resolved = inputs with { Digests = new Dictionary<string, string> { ["python:3.11"] = PlanInputs.PythonDigest, ["nginx:1.27"] = "sha256:" + new string('4', 64) } };

        Assert.Equal(["nginx:1.27"], inputs.Plan().UnresolvedReferences);
        Assert.Equal([1], PlanInputs.Changed(inputs.Plan(), resolved.Plan()));
        Assert.Empty(resolved.Plan().UnresolvedReferences);
    }

    [Fact]
    public void Should_refuse_to_plan_a_broken_dockerfile_or_an_unknown_target()
    {
        var broken = new PlanInputs("FROM python:3.11\nRUNN echo\n").Plan();
        var unknown = (Project with { Target = "relase" }).Plan();

        Assert.False(broken.Succeeded);
        Assert.StartsWith("line 2:", Assert.Single(broken.Errors));
        Assert.Equal(["target stage \"relase\" could not be found"], unknown.Errors);
        Assert.Null(unknown.Target);
        Assert.Null(unknown.FinalKey);
    }
}
