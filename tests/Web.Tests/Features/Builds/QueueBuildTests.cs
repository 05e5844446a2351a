using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class QueueBuildTests(WebFixture web)
{
    [Fact]
    public async Task Should_list_every_problem_of_a_bad_request_under_its_field()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = "",
            @ref = "main",
            contextPath = "../outside",
            buildArgs = new Dictionary<string, string> { ["1BAD-NAME"] = "x" },
            tags = new[] { "Not A Tag" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("Repository is required", Messages(errors, "repository"));
        Assert.Contains("'../outside' must stay inside the repository", Messages(errors, "contextPath"));
        Assert.Contains("Build argument name '1BAD-NAME' is not valid", Messages(errors, "buildArgs"));
        Assert.Contains("Tag 'Not A Tag' is not a valid image reference", Messages(errors, "tags"));
    }

    [Fact]
    public async Task Should_store_nothing_and_publish_nothing_for_a_bad_request()
    {
        using var client = web.ApiClient();
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";

        var response = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main", tags = new[] { "trainer:-bad" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == repository)));
        Assert.DoesNotContain(web.Bus.All<BuildRequested>(), m => m.Spec.Repository == repository);
    }

    [Fact]
    public async Task Should_refuse_a_local_repository_when_the_farm_does_not_allow_them()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new { repository = "file:///srv/git/demo", @ref = "main" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("local repositories are not allowed", Messages(errors, "repository"));
    }

    [Fact]
    public async Task Should_store_a_valid_build_as_queued_then_publish_it_to_the_scheduler()
    {
        using var client = web.ApiClient();
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository,
            @ref = "release/2.1",
            target = "runtime",
            buildArgs = new Dictionary<string, string> { ["CUDA_VERSION"] = "12.1" },
            tags = new[] { "localhost:5000/team/trainer:dev" },
            noCache = true,
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.Equal($"/builds/{id}", accepted.GetProperty("url").GetString());
        Assert.Equal($"/api/builds/{id}", response.Headers.Location?.ToString());

        var published = await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == id);
        Assert.Equal(repository, published.Spec.Repository);
        Assert.Equal("release/2.1", published.Spec.Ref);
        Assert.Equal("Dockerfile", published.Spec.DockerfilePath);
        Assert.Equal(".", published.Spec.ContextPath);
        Assert.Equal("runtime", published.Spec.Target);
        Assert.Equal("12.1", published.Spec.BuildArgs["CUDA_VERSION"]);
        Assert.Equal(["localhost:5000/team/trainer:dev"], published.Spec.Tags);
        Assert.True(published.Spec.NoCache);
        Assert.False(published.Spec.Pull);

        var stored = await web.WithDbAsync(db => db.Builds.Include(b => b.Events).SingleAsync(b => b.Id == id));
        Assert.Equal(BuildStatus.Queued, stored.Status);
        Assert.True(stored.Dispatched);
        Assert.Null(stored.DispatchError);
        var queued = Assert.Single(stored.Events);
        Assert.Equal("queued", queued.Status);
        Assert.Equal("Queued by admin@buildfarm.local from the API", queued.Message);
        Assert.Equal("admin@buildfarm.local", stored.QueuedBy);
    }

    static string Messages(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var list)
            ? string.Join(" | ", list.EnumerateArray().Select(e => e.GetString()))
            : $"(no errors under '{field}'; errors were {errors})";
}
