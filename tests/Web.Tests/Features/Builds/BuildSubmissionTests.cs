using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Builds that require agent labels, and the refusal at submit of a build no registered agent could run. The
/// suite shares one database, so each test registers agents under a pool label of its own.</summary>
[Collection(WebCollection.Name)]
public class BuildSubmissionTests(WebFixture web)
{
    static string Pool() => $"pool-{Guid.NewGuid():N}"[..17];

    async Task<BuildFarm.Data.Agent> RegisterAsync(string pool, bool online = true, bool gpus = true)
    {
        var agent = SeededBuild.Agent();
        agent.Name = $"agent-{pool}";
        agent.Labels = new() { ["pool"] = pool, ["gpu"] = "t4" };
        agent.Status = online ? "online" : "offline";
        if (!gpus)
            agent.Gpus = [];
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            return db.SaveChangesAsync();
        });
        return agent;
    }

    [Fact]
    public async Task Should_refuse_labels_no_registered_agent_has_with_a_problem_naming_what_each_agent_has()
    {
        var other = await RegisterAsync(Pool());
        var wanted = Pool();
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main", requiredLabels = new { pool = wanted } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var refusal = Single(await response.Content.ReadFromJsonAsync<JsonElement>(), "requiredLabels");
        Assert.StartsWith($"No registered agent has labels pool={wanted} (agents: ", refusal);
        Assert.Contains($"{other.Name} {{gpu: t4, pool: {other.Labels["pool"]}}}", refusal);
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == repository)));
        Assert.DoesNotContain(web.Bus.All<BuildRequested>(), m => m.Spec.Repository == repository);
    }

    [Fact]
    public async Task Should_queue_a_build_that_only_an_offline_agent_can_run_and_send_its_labels_to_the_scheduler()
    {
        var pool = Pool();
        await RegisterAsync(pool, online: false);
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = "https://git.example.com/trainer.git", @ref = "main", requiredLabels = new Dictionary<string, string> { ["pool"] = pool },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var published = await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == id);
        Assert.Equal(pool, published.Spec.RequiredLabels!["pool"]);
        Assert.Equal(pool, (await web.WithDbAsync(db => db.Builds.SingleAsync(b => b.Id == id))).RequiredLabels["pool"]);
        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}");
        Assert.Equal(pool, shown.GetProperty("requiredLabels").GetProperty("pool").GetString());
    }

    [Fact]
    public async Task Should_refuse_a_gpu_check_when_no_agent_with_the_labels_has_a_gpu()
    {
        var pool = Pool();
        var agent = await RegisterAsync(pool, gpus: false);
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = "https://git.example.com/trainer.git", @ref = "main",
            requiredLabels = new Dictionary<string, string> { ["pool"] = pool },
            check = new { command = new[] { "nvidia-smi" }, gpus = true },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            $"No registered agent with labels pool={pool} has a working GPU for the build's GPU check (agents: {agent.Name}: no GPU).",
            Single(await response.Content.ReadFromJsonAsync<JsonElement>(), "check"));
    }

    [Fact]
    public async Task Should_refuse_in_the_form_what_no_agent_has_and_keep_what_was_typed()
    {
        await RegisterAsync(Pool());
        var wanted = Pool();
        var repository = $"https://git.example.com/form-{Guid.NewGuid():N}.git";

        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = repository,
            ["Form.Ref"] = "main",
            ["Form.RequiredLabels"] = $"pool={wanted}, gpu = a100",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"form-errors\"", html);
        Assert.Contains($"No registered agent has labels gpu=a100, pool={wanted} (agents: ", html);
        Assert.Matches($"id=\"requiredLabels\"[^>]*value=\"pool={wanted}, gpu = a100\"", html);
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == repository)));
    }

    [Fact]
    public async Task Should_queue_from_the_form_a_build_whose_labels_an_agent_carries()
    {
        var pool = Pool();
        await RegisterAsync(pool);
        var repository = $"https://git.example.com/form-{Guid.NewGuid():N}.git";

        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = repository,
            ["Form.Ref"] = "main",
            ["Form.RequiredLabels"] = $"pool={pool}\ngpu=t4",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var build = await web.WithDbAsync(db => db.Builds.SingleAsync(b => b.Repository == repository));
        Assert.Equal(new Dictionary<string, string> { ["pool"] = pool, ["gpu"] = "t4" }, build.RequiredLabels);
    }

    [Fact]
    public async Task Should_show_a_label_that_is_not_name_equals_value()
    {
        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = "https://git.example.com/x.git",
            ["Form.Ref"] = "main",
            ["Form.RequiredLabels"] = "gpu",
        });

        Assert.Contains("Required label 'gpu' is not NAME=VALUE.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    static string Single(JsonElement problem, string field) =>
        Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString()!;
}
