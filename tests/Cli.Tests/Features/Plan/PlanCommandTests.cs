using System.Text.Json;

namespace BuildFarm.Cli.Tests.Features.Plan;

public sealed class PlanCommandTests : IDisposable
{
    private const string Dockerfile = """
        # syntax=docker/dockerfile:1
        ARG CUDA=12.1
        FROM nvidia/cuda:${CUDA}.0-runtime-ubuntu22.04 AS base
        RUN apt-get update && apt-get install -y python3-pip

        FROM base AS deps
        COPY requirements.txt /tmp/
        RUN pip install -r /tmp/requirements.txt

        FROM base AS lint
        RUN pip install ruff

        FROM deps AS app
        ARG GIT_SHA=dev
        WORKDIR /app
        COPY src/ ./src/
        CMD ["python3", "src/train.py"]
        """;

    private readonly TempFolder _folder = new();

    public PlanCommandTests()
    {
        _folder.Write("Dockerfile", Dockerfile);
        _folder.Write("requirements.txt", "torch==2.9.0\n");
        _folder.Write("src/train.py", "print('train')\n");
        _folder.Write("checkpoints/epoch1.pt", new string('x', 5000));
        _folder.Write("checkpoints/epoch2.pt", new string('y', 3000));
        _folder.Write(".dockerignore", "checkpoints\n*.log\n");
        _folder.Write("run.log", "log");
    }

    [Fact]
    public async Task Should_print_stages_in_file_order_with_bases_platforms_and_keys_as_json()
    {
        var run = await Plan("--json");

        Assert.Equal(0, run.ExitCode);
        var plan = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("app", plan.GetProperty("target").GetString());
        var stages = plan.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(["base", "deps", "app"], stages.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("nvidia/cuda:12.1.0-runtime-ubuntu22.04", stages[0].GetProperty("base").GetString());
        Assert.Equal("deps", stages[2].GetProperty("base").GetString());
        Assert.All(stages, s => Assert.Equal("linux/amd64", s.GetProperty("platform").GetString()));
        var steps = stages[2].GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["FROM deps", "ARG GIT_SHA=dev", "WORKDIR /app", "COPY src/ ./src/", "CMD [\"python3\", \"src/train.py\"]"],
            steps.Select(s => s.GetProperty("instruction").GetString()));
        Assert.All(steps, s => Assert.Matches("^[0-9a-f]{64}$", s.GetProperty("key").GetString()));
        Assert.Equal(["nvidia/cuda:12.1.0-runtime-ubuntu22.04"], plan.GetProperty("unresolved").EnumerateArray().Select(e => e.GetString()));
        Assert.False(stages[0].GetProperty("baseDigestKnown").GetBoolean());
    }

    [Fact]
    public async Task Should_report_the_context_sent_and_what_dockerignore_left_out()
    {
        var plan = JsonDocument.Parse((await Plan("--json", "--context", _folder.Path)).Out).RootElement;
        var context = plan.GetProperty("context");

        Assert.Equal([".dockerignore", "Dockerfile", "requirements.txt", "src/train.py"], context.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(new[] { ".dockerignore", "Dockerfile", "requirements.txt", "src/train.py" }.Sum(f => new FileInfo(_folder[f]).Length), context.GetProperty("bytes").GetInt64());
        Assert.Equal(3, context.GetProperty("excluded").GetProperty("count").GetInt32());
        Assert.Equal(8003, context.GetProperty("excluded").GetProperty("bytes").GetInt64());
        var copy = Step(plan, "app", 3);
        Assert.Equal(["src/train.py"], copy.GetProperty("sources").GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(1, copy.GetProperty("sources").GetProperty("count").GetInt32());
        Assert.True(plan.GetProperty("predictable").GetBoolean());
    }

    [Fact]
    public async Task Should_mark_sources_unhashed_without_a_context_and_still_plan()
    {
        var plan = JsonDocument.Parse((await Plan("--json")).Out).RootElement;

        Assert.Equal(JsonValueKind.Null, plan.GetProperty("context").ValueKind);
        Assert.True(Step(plan, "deps", 1).GetProperty("unhashed").GetBoolean());
        Assert.False(Step(plan, "deps", 2).GetProperty("predictable").GetBoolean());
        Assert.True(Step(plan, "base", 1).GetProperty("predictable").GetBoolean());
    }

    [Fact]
    public async Task Should_change_keys_from_the_copy_of_a_changed_file_on()
    {
        var before = await Keys("app");
        _folder.Write("src/train.py", "print('train longer')\n");
        var after = await Keys("app");
        _folder.Write("checkpoints/epoch3.pt", "ignored");
        var ignored = await Keys("app");

        Assert.Equal([3, 4], Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]));
        Assert.Equal(after, ignored);
    }

    [Fact]
    public async Task Should_change_keys_from_the_requirements_copy_when_requirements_change()
    {
        var before = await Keys("deps");
        _folder.Write("requirements.txt", "torch==2.9.1\n");
        var after = await Keys("deps");

        Assert.Equal([1, 2], Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]));
    }

    [Fact]
    public async Task Should_change_keys_only_from_the_step_that_sees_a_changed_build_arg()
    {
        var before = await Keys("app", "--build-arg", "GIT_SHA=1");
        var after = await Keys("app", "--build-arg", "GIT_SHA=2");

        Assert.Equal([2, 3, 4], Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]));
    }

    [Fact]
    public async Task Should_plan_only_the_stages_a_target_needs()
    {
        var plan = JsonDocument.Parse((await Plan("--json", "--target", "lint")).Out).RootElement;

        Assert.Equal(["base", "lint"], plan.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Should_print_a_readable_plan_by_default()
    {
        var run = await Plan("--context", _folder.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("stage app (#3)  FROM deps", run.Out);
        Assert.Contains("COPY src/ ./src/    [1 file hashed: src/train.py]", run.Out);
        Assert.Contains("4 files", run.Out);
        Assert.Contains("3 files, 7.8 KiB excluded by .dockerignore", run.Out);
    }

    private async Task<CliRun> Plan(params string[] options) =>
        await CliRun.RunAsync(["plan", _folder["Dockerfile"], .. options]);

    private async Task<string[]> Keys(string stage, params string[] options)
    {
        var run = await Plan(["--json", "--context", _folder.Path, .. options]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var plan = JsonDocument.Parse(run.Out).RootElement;
        return plan.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == stage)
            .GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).ToArray();
    }

    private static JsonElement Step(JsonElement plan, string stage, int index) =>
        plan.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == stage)
            .GetProperty("steps")[index];

    public void Dispose() => _folder.Dispose();
}
