using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Release builds through the API and on the build page.</summary>
[Collection(WebCollection.Name)]
public class ReleaseBuildTests(WebFixture web)
{
    static readonly string Digest = "sha256:" + new string('e', 64);
    const string Base = "localhost:5000/demo/cuda:12.1-runtime";

    [Fact]
    public async Task Should_refuse_a_release_through_the_api_when_the_farm_cannot_pin_its_bases()
    {
        // This fixture's farm does not plan at submit, so it cannot know the digests a release must be pinned to.
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main", release = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A release build pins its bases to their digests at submit", await response.Content.ReadAsStringAsync());
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == repository)));
    }

    [Fact]
    public async Task Should_show_a_release_build_with_the_digest_its_image_was_built_on_in_the_api_and_on_the_page()
    {
        var build = SeededBuild.Finished("agent-r");
        (build.Release, build.NoCache, build.Pull) = (true, true, true);
        build.PlanJson = JsonSerializer.Serialize(new BuildPlan([]) { Pins = [new BasePin(Base, Digest, Digest)] }, JsonSerializerOptions.Web);
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");
        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

        Assert.True(json.GetProperty("release").GetBoolean());
        var pin = Assert.Single(json.GetProperty("pins").EnumerateArray());
        Assert.Equal((Base, Digest), (pin.GetProperty("reference").GetString(), pin.GetProperty("digest").GetString()));
        Assert.Contains("data-testid=\"release-flag\"", html);
        Assert.Contains(Digest, html);
        Assert.Contains("The image was built on these digests", html);
    }

    [Fact]
    public async Task Should_show_no_pins_for_an_everyday_build()
    {
        var build = SeededBuild.Finished("agent-r");
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");

        Assert.False(json.GetProperty("release").GetBoolean());
        Assert.Empty(json.GetProperty("pins").EnumerateArray());
    }
}
