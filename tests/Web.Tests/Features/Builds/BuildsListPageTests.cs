using System.Text.RegularExpressions;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class BuildsListPageTests(WebFixture web)
{
    [Fact]
    public async Task Should_list_status_source_agent_duration_and_cache_hits_filtered_by_the_query_string()
    {
        var repository = $"https://git.example.com/page-{Guid.NewGuid():N}.git";
        var agent = SeededBuild.Agent();
        var succeeded = SeededBuild.Finished(agent.Id, repository);
        var failed = SeededBuild.Failed(agent.Id);
        failed.Repository = repository;
        failed.QueuedAt = succeeded.QueuedAt.AddMinutes(1);
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            db.Builds.AddRange(succeeded, failed);
            return db.SaveChangesAsync();
        });
        var client = web.ApiClient();

        var all = await client.GetStringAsync($"/builds?repository={Uri.EscapeDataString(repository)}");
        var onlyFailed = await client.GetStringAsync($"/builds?repository={Uri.EscapeDataString(repository)}&status=failed");

        Assert.Equal([failed.Id.ToString(), succeeded.Id.ToString()], BuildIds(all));
        var row = Regex.Match(all, $"<tr data-testid=\"build-row\" data-build-id=\"{succeeded.Id}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("data-status=\"succeeded\"", row);
        Assert.Contains(repository, row);
        Assert.Contains(agent.Name, row);
        Assert.Contains("12.0 s", row);
        Assert.Contains(">2/3<", row);
        Assert.Equal([failed.Id.ToString()], BuildIds(onlyFailed));
        Assert.Contains("<option value=\"failed\" selected", onlyFailed);
    }

    static List<string> BuildIds(string html) =>
        Regex.Matches(html, "data-testid=\"build-row\" data-build-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
}
