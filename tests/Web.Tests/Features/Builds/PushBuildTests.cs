using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class PushBuildTests(WebFixture web)
{
    [Fact]
    public async Task Should_queue_a_build_that_pushes_its_tags_and_show_it_pushes()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = "https://git.example.com/ml/trainer.git", @ref = "main", tags = new[] { "localhost:5000/ml/trainer:dev" }, push = true,
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var build = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}");
        Assert.True(build.GetProperty("push").GetBoolean());
    }

    [Fact]
    public async Task Should_refuse_a_push_without_a_tag_with_a_sentence()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new { repository = "https://git.example.com/ml/trainer.git", @ref = "main", push = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Push needs at least one tag: name where the image goes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_queue_a_pushing_build_from_the_form_checkbox()
    {
        var repository = $"https://git.example.com/form-push-{Guid.NewGuid():N}.git";

        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = repository,
            ["Form.Ref"] = "main",
            ["Form.Tags"] = "localhost:5000/ml/form-push:1",
            ["Form.Push"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await web.WithDbAsync(db => db.Builds.Where(b => b.Repository == repository).Select(b => b.Push).SingleAsync()));
    }
}
