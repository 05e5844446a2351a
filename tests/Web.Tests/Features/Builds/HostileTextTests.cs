using System.Net.Http.Json;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>
/// Whatever a build's fields, its steps or its log hold (markup, escape sequences that would repaint a terminal), the
/// pages show it as text: nothing a repository or a Dockerfile carries runs in a viewer's browser.
/// </summary>
[Collection(WebCollection.Name)]
public class HostileTextTests(WebFixture web)
{
    const string Script = "<script>alert('farm')</script>";
    const string Escape = "\u001b[31m";
    const string Hostile = Script + Escape + "<img src=x onerror=alert(1)>";

    async Task<BuildFarm.Data.Build> SeedAsync()
    {
        var build = SeededBuild.Failed("agent-hostile");
        build.Repository = $"https://git.example.com/{Guid.NewGuid():N}/{Hostile}.git";
        build.Ref = "feature/" + Hostile;
        build.Target = Hostile;
        build.DockerfilePath = Hostile + "/Dockerfile";
        build.Tags = ["trainer:" + Hostile];
        build.BuildArgs = new() { ["NOTE"] = Hostile };
        build.Error = "step failed: " + Hostile;
        build.Steps[2].Instruction = "RUN echo " + Hostile;
        build.Steps[2].Error = Hostile;
        build.Events.Add(new() { At = SeededBuild.T0.AddSeconds(15), Status = "failed", Message = Hostile });
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            db.BuildLogChunks.AddRange(SeededBuild.Log(build, 2, "log says " + Hostile));
            return db.SaveChangesAsync();
        });
        return build;
    }

    [Fact]
    public async Task Should_show_markup_and_escape_codes_in_every_field_of_the_build_page_as_text()
    {
        var build = await SeedAsync();

        var html = await web.ApiClient().GetStringAsync($"/builds/{build.Id}");

        AssertShownAsText(html);
        // The log, the step, the error and the ref all reached the page, escaped.
        Assert.Contains("log says &lt;script&gt;", html);
        Assert.Contains("RUN echo &lt;script&gt;", html);
        Assert.Contains("feature/&lt;script&gt;", html);
    }

    [Fact]
    public async Task Should_show_markup_and_escape_codes_in_the_builds_list_as_text()
    {
        var build = await SeedAsync();

        var html = await web.ApiClient().GetStringAsync($"/builds?repository={Uri.EscapeDataString(build.Repository)}");

        AssertShownAsText(html);
        Assert.Contains($"data-build-id=\"{build.Id}\"", html);
    }

    [Fact]
    public async Task Should_return_the_text_unchanged_from_the_api_for_scripts_to_escape_as_they_need()
    {
        var build = await SeedAsync();
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal(build.Ref, json.GetProperty("ref").GetString());
        Assert.Equal(build.Error, json.GetProperty("error").GetString());
    }

    static void AssertShownAsText(string html)
    {
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain('\u001b', html);
        Assert.Contains("&lt;script&gt;alert(", html);
    }
}
