using System.Net;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>The build page as a browser first receives it (prerendered), before the live widget connects.</summary>
[Collection(WebCollection.Name)]
public class BuildPageTests(WebFixture web)
{
    [Fact]
    public async Task Should_show_steps_with_cache_marks_agent_and_placement_reason()
    {
        var agent = SeededBuild.Agent();
        var build = SeededBuild.Finished(agent.Id);
        await Seed(build, agent);

        var html = await web.CreateClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("data-testid=\"build-status\" data-status=\"succeeded\"", html);
        Assert.Equal(3, Count(html, "data-testid=\"step-row\""));
        Assert.Equal(2, Count(html, "data-cached=\"true\""));
        Assert.Equal(2, Count(html, ">CACHED<"));
        Assert.Contains(agent.Name, html);
        Assert.Contains("least loaded: 0 of 2 slots busy", html);
        Assert.Contains("2/3 cached", html);
        Assert.Contains("id=\"rebuild\"", html);
        Assert.DoesNotContain("id=\"cancel-build\"", html); // a finished build cannot be cancelled
        Assert.Equal(3, Count(html, "data-testid=\"build-event\""));
    }

    [Fact]
    public async Task Should_show_the_error_the_failing_step_and_its_log()
    {
        var build = SeededBuild.Failed("agent-f");
        await Seed(build, log: SeededBuild.Log(build, 2, "step output line 1\nstep output line 2"));

        var html = await web.CreateClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("data-testid=\"build-error\"", html);
        Assert.Contains("Failed at step 3 (COPY train.py /app/)", html);
        Assert.Contains("exit code: 3", html);
        Assert.Contains("step output line 2", html);
    }

    [Fact]
    public async Task Should_show_the_running_step_log_and_a_cancel_button()
    {
        var build = SeededBuild.Running("agent-r");
        await Seed(build, log: SeededBuild.Log(build, 2, "Collecting torch==2.3.0", "Downloading torch-2.3.0.whl (780 MB)"));

        var html = await web.CreateClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("data-status=\"running\"", html);
        Assert.Contains("id=\"cancel-build\"", html);
        Assert.Contains("data-testid=\"step-log\"", html);
        Assert.Contains("Downloading torch-2.3.0.whl", html);
    }

    [Fact]
    public async Task Should_show_why_a_queued_build_waits()
    {
        var build = SeededBuild.Queued("all 2 online agents are busy");
        await Seed(build);

        var html = await web.CreateClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("data-testid=\"waiting-reason\"", html);
        Assert.Contains("all 2 online agents are busy", html);
    }

    [Fact]
    public async Task Should_say_when_a_build_does_not_exist()
    {
        var response = await web.CreateClient().GetAsync($"/builds/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"build-missing\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_show_how_the_placement_prediction_compared_with_what_BuildKit_found()
    {
        var build = SeededBuild.Finished("agent-p");
        build.Commit = new string('c', 40);
        build.PredictedKeysJson = "[\"k1\",\"k2\",\"k3\"]";
        (build.PredictionHits, build.PredictionFalseHits, build.PredictionMisses) = (2, 1, 0);
        await Seed(build);

        var html = await web.CreateClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("predicted 3 cached: 2 were, 1 ran, 0 cached unexpectedly", html);
    }

    Task Seed(BuildFarm.Data.Build build, BuildFarm.Data.Agent? agent = null, List<BuildFarm.Data.BuildLogChunk>? log = null) =>
        web.WithDbAsync(db =>
        {
            if (agent is not null)
                db.Agents.Add(agent);
            db.Builds.Add(build);
            db.BuildLogChunks.AddRange(log ?? []);
            return db.SaveChangesAsync();
        });

    static int Count(string html, string fragment) =>
        (html.Length - html.Replace(fragment, "").Length) / fragment.Length;
}
