using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Web.Security;
using BuildFarm.Web.Tests.Features.Planning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>
/// A repository whose Dockerfile or context is over the farm's limits, submitted through the API and the form of a Web
/// that plans at submit with small limits: refused with the sentence naming the size and the limit, nothing stored.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ContextLimitSubmissionTests(WebFixture web) : IDisposable
{
    const string Dockerfile = "FROM scratch\nCOPY . /\n";

    readonly LocalGitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    WebApplicationFactory<Program> Planning() => web.WithWebHostBuilder(b =>
    {
        b.UseSetting("Farm:PlanAtSubmit", "true");
        b.UseSetting("Farm:AllowLocalRepositories", "true");
        b.UseSetting("Farm:MaxDockerfileBytes", "64");
        b.UseSetting("Farm:MaxContextBytes", "1000");
        b.UseSetting("Farm:MaxContextFiles", "5");
    });

    public static TheoryData<string, string> Oversized => new()
    {
        { "dockerfile", "Dockerfile 'Dockerfile' is 125 bytes, over the farm's limit of 64 bytes for a Dockerfile" },
        { "bytes", "Context '.' holds 2 KiB (2,022 bytes) after .dockerignore, over the farm's limit of 1,000 bytes" },
        { "files", "Context '.' holds 7 files after .dockerignore, over the farm's limit of 5 files" },
        { "ignore", ".dockerignore in context '.' is 221 bytes, over the farm's limit of 64 bytes for it" },
    };

    void Commit(string what)
    {
        _repo.Write("Dockerfile", what == "dockerfile" ? Dockerfile + "# " + new string('x', 100) + "\n" : Dockerfile);
        if (what == "bytes")
            _repo.Write("weights.bin", new string('w', 2000));
        if (what == "files")
            for (var i = 0; i < 6; i++)
                _repo.Write($"data/{i}.txt", "x");
        if (what == "ignore")
            _repo.Write(".dockerignore", string.Concat(Enumerable.Repeat("data/*.tmp\n", 20)) + "\n");
        _repo.Commit();
    }

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task Should_refuse_an_oversized_dockerfile_or_context_through_the_api_and_store_nothing(string what, string sentence)
    {
        Commit(what);
        using var planning = Planning();
        using var client = planning.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", web.AdminTokenValue);

        var response = await client.PostAsJsonAsync("/api/builds", new { repository = _repo.Url, @ref = "main" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").GetProperty("build").EnumerateArray()).GetString()!;
        Assert.StartsWith(sentence, error);
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == _repo.Url)));
    }

    [Fact]
    public async Task Should_show_the_refusal_on_the_new_build_form_and_store_nothing()
    {
        Commit("dockerfile");
        using var planning = Planning();

        var response = await planning.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = _repo.Url,
            ["Form.Ref"] = "main",
            ["Form.DockerfilePath"] = "Dockerfile",
            ["Form.ContextPath"] = ".",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"form-errors\"", html);
        Assert.Contains("Dockerfile 'Dockerfile' is 125 bytes, over the farm's limit of 64 bytes for a Dockerfile", html);
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == _repo.Url)));
    }
}
