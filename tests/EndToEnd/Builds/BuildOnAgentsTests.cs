using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>Builds of a local git repository through Web, RabbitMQ, the Scheduler and an Agent on a real engine.</summary>
[Collection(FarmCollection.Name)]
public class BuildOnAgentsTests(FarmFixture farm)
{
    [EndToEndFact]
    public async Task Should_build_a_local_repository_and_report_each_step_while_it_runs()
    {
        var repository = farm.NewRepository("first-build");

        var id = await farm.Api.SubmitAsync(repository.Url);

        // The dependency step takes seconds; seeing it running proves events arrive as they happen, not at the end.
        await farm.Api.WaitForAsync(id,
            b => b.Status == "running" && b.Steps.Any(s => s.Instruction.Contains("pip install") && s.Status == "running"),
            "showed the pip step running");
        var build = await Succeeded(id);
        Assert.NotNull(build.Agent);
        Assert.False(string.IsNullOrEmpty(build.ImageId));
        Assert.True(build.DurationMs > 0);
        Assert.Equal(DemoSteps.Length, DockerfileSteps(build).Count);
        Assert.All(DemoSteps.Zip(DockerfileSteps(build)), pair => Assert.StartsWith(pair.First, pair.Second.Instruction));
        // Every step from the first copy of this repository's own files really ran; WORKDIR may come cached from an
        // earlier build on the same engine, as BuildKit rightly reuses it.
        Assert.All(DockerfileSteps(build).Skip(1), s => Assert.Equal("done", s.Status));
        Assert.Equal(build.Steps.Select(s => s.Index).Order(), build.Steps.Select(s => s.Index));
    }

    [EndToEndFact]
    public async Task Should_report_every_step_cached_when_the_same_commit_is_built_again()
    {
        var repository = farm.NewRepository("rebuild");
        var first = await Succeeded(await farm.Api.SubmitAsync(repository.Url));

        var second = await Succeeded(await farm.Api.SubmitAsync(repository.Url));

        // Least-loaded placement breaks ties by agent id, so an idle farm sends the rebuild where the cache is.
        Assert.Equal(first.Agent, second.Agent);
        Assert.All(DockerfileSteps(second), s => Assert.True(s.Cached, $"{s.Instruction} was not cached"));
        Assert.All(DockerfileSteps(second), s => Assert.Equal("cached", s.Status));
    }

    [EndToEndFact]
    public async Task Should_rebuild_exactly_the_steps_from_the_copy_of_a_changed_file_on()
    {
        var repository = farm.NewRepository("late-change");
        var first = await Succeeded(await farm.Api.SubmitAsync(repository.Url));
        repository.Write("src/train.py", $"print('changed by {nameof(Should_rebuild_exactly_the_steps_from_the_copy_of_a_changed_file_on)}')\n");
        repository.Commit("Change the training code only");

        var changed = await Succeeded(await farm.Api.SubmitAsync(repository.Url));

        Assert.Equal(first.Agent, changed.Agent);
        var steps = DockerfileSteps(changed);
        var copySource = steps.FindIndex(s => s.Instruction.StartsWith("COPY src/", StringComparison.Ordinal));
        Assert.True(copySource > 0, FarmApi.Describe(changed));
        Assert.All(steps[..copySource], s => Assert.True(s.Cached, $"{s.Instruction} should have come from the cache"));
        Assert.All(steps[copySource..], s => Assert.False(s.Cached, $"{s.Instruction} should have run again"));
    }

    /// <summary>The demo Dockerfile's steps after FROM, in order (BuildKit's own instruction text starts so).</summary>
    static readonly string[] DemoSteps =
    [
        "WORKDIR /app",
        "COPY requirements.txt",
        "RUN pip install",
        "COPY configs/",
        "COPY src/",
        "RUN python -m compileall src",
    ];

    /// <summary>FROM's cached flag says nothing (BuildKit marks a first pull CACHED), so it is left out.</summary>
    static List<StepJson> DockerfileSteps(BuildJson build) =>
        build.Steps.Where(s => !s.Instruction.StartsWith("FROM", StringComparison.OrdinalIgnoreCase)).ToList();

    async Task<BuildJson> Succeeded(Guid id)
    {
        var build = await farm.Api.WaitForFinishAsync(id);
        Assert.True(build.Status == "succeeded", $"build {id}: {FarmApi.Describe(build)}\n{farm.Diagnostics()}");
        return build;
    }
}
