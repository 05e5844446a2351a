using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Finding a build among many: server-side search by ref, commit and text, and pages past the first 100.</summary>
[Collection(WebCollection.Name)]
public class BuildSearchTests(WebFixture web)
{
    static string Repository() => $"https://git.example.com/search-{Guid.NewGuid():N}.git";

    async Task<List<BuildFarm.Data.Build>> SeedAsync(string repository, int count, Action<BuildFarm.Data.Build, int>? shape = null)
    {
        var builds = Enumerable.Range(0, count).Select(i =>
        {
            var build = SeededBuild.Finished("agent-s", repository);
            build.QueuedAt = SeededBuild.T0.AddMinutes(i);
            shape?.Invoke(build, i);
            return build;
        }).ToList();
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(builds);
            return db.SaveChangesAsync();
        });
        return builds;
    }

    [Fact]
    public async Task Should_find_builds_by_ref_commit_prefix_and_text_in_the_error()
    {
        var repository = Repository();
        var builds = await SeedAsync(repository, 3, (b, i) =>
        {
            b.Ref = i == 0 ? "feature/tokenizer-v2" : "main";
            b.Commit = i == 1 ? "deadbeef" + new string('1', 32) : new string('2', 40);
            b.Error = i == 2 ? "CUDA out of memory in step 4" : null;
        });
        using var client = web.ApiClient();
        var repo = Uri.EscapeDataString(repository);

        var byRef = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>($"/api/builds?repository={repo}&ref=TOKENIZER");
        var byCommit = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>($"/api/builds?repository={repo}&commit=DEADBEEF");
        var byText = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>($"/api/builds?repository={repo}&q=out%20of%20memory");

        Assert.Equal([builds[0].Id], byRef!.Select(b => b.Id));
        Assert.Equal([builds[1].Id], byCommit!.Select(b => b.Id));
        Assert.Equal([builds[2].Id], byText!.Select(b => b.Id));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("' OR 1=1 --")]
    [InlineData("\\")]
    public async Task Should_take_sql_like_search_text_as_plain_text(string text)
    {
        var repository = Repository();
        var builds = await SeedAsync(repository, 2, (b, i) => b.Error = i == 0 ? $"odd text {text} here" : "plain failure");
        using var client = web.ApiClient();

        var found = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>(
            $"/api/builds?repository={Uri.EscapeDataString(repository)}&q={Uri.EscapeDataString(text)}");

        Assert.Equal([builds[0].Id], found!.Select(b => b.Id));
    }

    // The decoy differs from the genuine match exactly where the text stands, so a wildcard reading of % or _ (or an
    // injected OR) would return it too.
    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("' OR 1=1 --")]
    [InlineData("\\")]
    [InlineData("\\%")]
    public async Task Should_take_sql_like_repository_and_ref_filters_as_plain_text(string text)
    {
        var prefix = $"https://git.example.com/{Guid.NewGuid():N}/odd";
        var genuine = (await SeedAsync(prefix + text + ".git", 1, (b, _) => b.Ref = $"feature/odd{text}"))[0];
        var decoy = (await SeedAsync(prefix + "Q.git", 1, (b, _) => b.Ref = "feature/oddQ"))[0];
        using var client = web.ApiClient();

        var byRepository = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>(
            $"/api/builds?repository={Uri.EscapeDataString(prefix + text)}");
        var byRef = await client.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>(
            $"/api/builds?repository={Uri.EscapeDataString(prefix)}&ref={Uri.EscapeDataString("odd" + text)}");
        var page = await web.ApiClient().GetStringAsync($"/builds?repository={Uri.EscapeDataString(prefix + text)}");

        Assert.Equal([genuine.Id], byRepository!.Select(b => b.Id));
        Assert.Equal([genuine.Id], byRef!.Select(b => b.Id));
        Assert.Equal([genuine.Id.ToString()], BuildIds(page));
        Assert.DoesNotContain(decoy.Id.ToString(), page);
    }

    [Fact]
    public async Task Should_page_the_list_past_50_rows_newest_first()
    {
        var repository = Repository();
        var builds = await SeedAsync(repository, 55);
        var client = web.ApiClient();
        var repo = Uri.EscapeDataString(repository);

        var first = await client.GetStringAsync($"/builds?repository={repo}");
        var second = await client.GetStringAsync($"/builds?repository={repo}&page=2");
        using var api = web.ApiClient();
        var offset = await api.GetFromJsonAsync<List<BuildFarm.Web.Features.Builds.BuildSummary>>($"/api/builds?repository={repo}&limit=10&offset=50");

        Assert.Equal(50, BuildIds(first).Count);
        Assert.Equal(builds[^1].Id.ToString(), BuildIds(first)[0]);
        Assert.Contains("id=\"page-older\"", first);
        Assert.DoesNotContain("id=\"page-newer\"", first);
        Assert.Equal(builds.Take(5).Reverse().Select(b => b.Id.ToString()), BuildIds(second));
        Assert.Contains("id=\"page-newer\"", second);
        Assert.DoesNotContain("id=\"page-older\"", second);
        Assert.Equal(builds.Take(5).Reverse().Select(b => b.Id), offset!.Select(b => b.Id));
    }

    [Fact]
    public async Task Should_label_every_filter_control()
    {
        var html = await web.ApiClient().GetStringAsync("/builds");

        foreach (var id in new[] { "filter-q", "filter-status", "filter-repository", "filter-ref", "filter-commit", "filter-agent" })
            Assert.Contains($"<label for=\"{id}\"", html);
    }

    static List<string> BuildIds(string html) =>
        Regex.Matches(html, "data-testid=\"build-row\" data-build-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
}
