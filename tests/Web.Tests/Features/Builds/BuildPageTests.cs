using System.Net;
using System.Net.Http.Json;

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

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

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

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

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

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

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

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("data-testid=\"waiting-reason\"", html);
        // A sentence: capital, full stop, and where the build stands in the queue.
        Assert.Contains("All 2 online agents are busy. It is ", html);
        Assert.Contains(" in the queue", html);
    }

    [Fact]
    public async Task Should_answer_a_missing_build_with_the_apps_own_404_page()
    {
        var response = await web.ApiClient().GetAsync($"/builds/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_show_how_the_placement_prediction_compared_with_what_BuildKit_found()
    {
        var build = SeededBuild.Finished("agent-p");
        build.Commit = new string('c', 40);
        build.PredictedKeysJson = "[\"k1\",\"k2\",\"k3\"]";
        (build.PredictionHits, build.PredictionFalseHits, build.PredictionMisses) = (2, 1, 0);
        await Seed(build);

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

        Assert.Contains("predicted 3 cached: 2 were, 1 ran, 0 cached unexpectedly", html);
    }

    [Fact]
    public async Task Should_show_the_cache_lints_findings_on_the_page_and_in_the_api()
    {
        var build = SeededBuild.Finished("agent-l");
        build.LintJson = """
            [{"rule":"apt-update-alone","line":2,"severity":"error","message":"apt-get update runs in a layer of its own.","fix":"Run it in the same RUN as apt-get install."},
             {"rule":"base-not-pinned","line":1,"severity":"warning","message":"The base is a tag <b>without</b> a digest.","fix":"Pin it: FROM image@sha256:..."}]
            """;
        var clean = SeededBuild.Finished("agent-l");
        clean.LintJson = "[]";
        var unplanned = SeededBuild.Finished("agent-l");
        await Seed(build);
        await Seed(clean);
        await Seed(unplanned);

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");
        using var client = web.ApiClient();
        var json = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal(2, Count(html, "data-testid=\"lint-finding\""));
        Assert.Contains("Cache lint: 2 findings in the Dockerfile", html);
        // Findings are text: a message never becomes markup.
        Assert.Contains("a tag &lt;b&gt;without&lt;/b&gt; a digest", html);
        var first = json.GetProperty("lint")[0];
        Assert.Equal(("apt-update-alone", 2, "error"), (first.GetProperty("rule").GetString(), first.GetProperty("line").GetInt32(), first.GetProperty("severity").GetString()));
        Assert.Contains("data-testid=\"lint-clean\"", await web.ApiClient().GetStringAsync($"/builds/{clean.Id}"));
        var none = await web.ApiClient().GetStringAsync($"/builds/{unplanned.Id}");
        Assert.DoesNotContain("lint-clean", none);
        Assert.DoesNotContain("lint-finding", none);
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
