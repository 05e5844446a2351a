using System.Net.Http.Json;
using System.Text.Json;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class ListBuildsTests(WebFixture web)
{
    [Fact]
    public async Task Should_list_newest_first_and_filter_by_status_repository_and_agent()
    {
        var repository = $"https://git.example.com/list-{Guid.NewGuid():N}.git";
        var agent = SeededBuild.Agent();
        var older = SeededBuild.Finished(agent.Id, repository);
        var newer = SeededBuild.Failed(agent.Id);
        newer.Repository = repository;
        newer.QueuedAt = older.QueuedAt.AddMinutes(5);
        var elsewhere = SeededBuild.Finished("some-other-agent", repository);
        elsewhere.QueuedAt = older.QueuedAt.AddMinutes(1);
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            db.Builds.AddRange(older, newer, elsewhere);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();
        var query = Uri.EscapeDataString(repository);

        var all = await Ids($"/api/builds?repository={query}");
        var failed = await Ids($"/api/builds?repository={query}&status=failed");
        var onAgent = await Ids($"/api/builds?repository={query}&agent={agent.Id}");
        var byAgentName = await Ids($"/api/builds?repository={query}&agent={agent.Name}");
        var limited = await Ids($"/api/builds?repository={query}&limit=1");

        Assert.Equal([newer.Id, elsewhere.Id, older.Id], all);
        Assert.Equal([newer.Id], failed);
        Assert.Equal([newer.Id, older.Id], onAgent);
        Assert.Equal([newer.Id, older.Id], byAgentName);
        Assert.Equal([newer.Id], limited);

        async Task<List<Guid>> Ids(string url) =>
            (await client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();
    }

    [Fact]
    public async Task Should_match_a_repository_whatever_its_case_and_order_builds_queued_at_the_same_moment_by_id()
    {
        // SQLite and PostgreSQL both match case in instr()/strpos() and leave ties in any order they like: the
        // query has to say what it means for the two to answer alike.
        var repository = $"https://git.example.com/ML/Case-{Guid.NewGuid():N}.git";
        var builds = Enumerable.Range(0, 4).Select(_ => SeededBuild.Finished("agent-case", repository)).ToList();
        foreach (var build in builds)
            build.QueuedAt = builds[0].QueuedAt;
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(builds);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var listed = (await client.GetFromJsonAsync<JsonElement>($"/api/builds?repository={Uri.EscapeDataString(repository.ToLowerInvariant())}"))
            .EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();

        Assert.Equal(builds.Select(b => b.Id).OrderByDescending(id => id.ToString()), listed);
    }

    [Fact]
    public async Task Should_give_each_row_its_source_agent_times_and_cache_hits()
    {
        var repository = $"https://git.example.com/row-{Guid.NewGuid():N}.git";
        var build = SeededBuild.Finished("agent-row", repository);
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var row = (await client.GetFromJsonAsync<JsonElement>($"/api/builds?repository={Uri.EscapeDataString(repository)}"))[0];

        Assert.Equal("succeeded", row.GetProperty("status").GetString());
        Assert.Equal("main", row.GetProperty("ref").GetString());
        Assert.Equal("agent-row", row.GetProperty("agent").GetString());
        Assert.Equal(12_000, row.GetProperty("durationMs").GetInt64());
        Assert.Equal(2, row.GetProperty("stepsCached").GetInt32());
        Assert.Equal(3, row.GetProperty("stepsTotal").GetInt32());
        Assert.Equal(SeededBuild.T0, row.GetProperty("queuedAt").GetDateTimeOffset());
        Assert.Equal(SeededBuild.T0.AddSeconds(2), row.GetProperty("startedAt").GetDateTimeOffset());
    }
}
