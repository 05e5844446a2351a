using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Web.Tests.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Placement;

[Collection(WebCollection.Name)]
public class PlacementAccuracyTests(WebFixture web)
{
    [Fact]
    public async Task Should_sum_how_placement_predictions_fared_over_the_most_recent_builds()
    {
        // Finished later than any other test's builds, so "the last two" are exactly these.
        var later = SeededBuild.Finished("agent-acc");
        later.FinishedAt = new DateTimeOffset(2100, 1, 2, 0, 0, 0, TimeSpan.Zero);
        (later.PredictionHits, later.PredictionFalseHits, later.PredictionMisses) = (5, 1, 0);
        var earlier = SeededBuild.Finished("agent-acc");
        earlier.FinishedAt = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (earlier.PredictionHits, earlier.PredictionFalseHits, earlier.PredictionMisses) = (3, 0, 2);
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(later, earlier);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var two = await client.GetFromJsonAsync<JsonElement>("/api/placement/accuracy?last=2");
        var one = await client.GetFromJsonAsync<JsonElement>("/api/placement/accuracy?last=1");
        var page = await web.ApiClient().GetStringAsync("/agents");

        Assert.Equal((2, 8, 1, 2), (two.GetProperty("builds").GetInt32(), two.GetProperty("hits").GetInt32(),
            two.GetProperty("falseHits").GetInt32(), two.GetProperty("misses").GetInt32()));
        Assert.Equal(8.0 / 9, two.GetProperty("precision").GetDouble(), 6);
        Assert.Equal(8.0 / 10, two.GetProperty("recall").GetDouble(), 6);
        Assert.Equal((1, 5), (one.GetProperty("builds").GetInt32(), one.GetProperty("hits").GetInt32()));
        Assert.Contains("data-testid=\"placement-accuracy\"", page);
        Assert.Contains("Placement predictions over the last", page);
    }

    [Fact]
    public async Task Should_not_answer_without_the_token()
    {
        var response = await web.CreateClient().GetAsync("/api/placement/accuracy");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
