using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Web.Tests.Features.Insights;

[Collection(WebCollection.Name)]
public class InsightsApiTests(WebFixture web)
{
    static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-10-05T00:00:00Z");

    /// <summary>Two builds of a repository of their own (the fixture's database is shared), one with a step whose
    /// instruction needs CSV quoting.</summary>
    async Task<string> SeedAsync()
    {
        var repository = $"https://git.example/insights-api/{Guid.NewGuid():N}.git, with a comma";
        Build Finished(int hour, string status, long ms, int cached) => new()
        {
            Id = Guid.NewGuid(), Status = status, Repository = repository, Ref = "main", Attempt = 1, Dispatched = true,
            QueuedAt = Day.AddHours(hour), StartedAt = Day.AddHours(hour).AddSeconds(10), FinishedAt = Day.AddHours(hour).AddMilliseconds(ms),
            DurationMs = ms, StepsCached = cached, StepsTotal = 4, SavedMs = cached * 1_500L, MissCause = cached == 4 ? "none" : "files-changed",
        };
        var first = Finished(10, BuildStatus.Succeeded, 60_000, 2);
        first.Steps =
        [
            new BuildStep { Attempt = 1, Index = 1, Instruction = "RUN echo \"a, b\"", Status = StepStatus.Done, DurationMs = 9_000, StartedAt = Day, CompletedAt = Day },
        ];
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(first, Finished(11, BuildStatus.Failed, 120_000, 4));
            return db.SaveChangesAsync();
        });
        return repository;
    }

    static string Query(string repository) => $"from=2026-10-05T00:00:00Z&to=2026-10-06T00:00:00Z&repository={Uri.EscapeDataString(repository)}";

    [Fact]
    public async Task Should_answer_the_series_with_exactly_the_documented_fields_per_bucket()
    {
        var repository = await SeedAsync();
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/insights/series?{Query(repository)}&bucket=day");

        var point = Assert.Single(json.GetProperty("series").EnumerateArray());
        Assert.Equal(["start", "builds", "succeeded", "failed", "cacheHitRate", "p50Ms", "p95Ms", "queueP95Ms", "secondsSaved"],
            point.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Day, point.GetProperty("start").GetDateTimeOffset());
        Assert.Equal((2, 1, 1), (point.GetProperty("builds").GetInt32(), point.GetProperty("succeeded").GetInt32(), point.GetProperty("failed").GetInt32()));
        Assert.Equal(0.75, point.GetProperty("cacheHitRate").GetDouble());
        Assert.Equal((60_000, 120_000, 10_000), (point.GetProperty("p50Ms").GetInt64(), point.GetProperty("p95Ms").GetInt64(), point.GetProperty("queueP95Ms").GetInt64()));
        Assert.Equal(9.0, point.GetProperty("secondsSaved").GetDouble());
    }

    [Fact]
    public async Task Should_bucket_by_hour_when_the_range_is_two_days_or_less_and_say_null_for_empty_hours()
    {
        var repository = await SeedAsync();
        using var client = web.ApiClient();

        var series = (await client.GetFromJsonAsync<JsonElement>($"/api/insights/series?{Query(repository)}")).GetProperty("series");

        Assert.Equal(24, series.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, series[9].GetProperty("cacheHitRate").ValueKind);
        Assert.Equal(0.5, series[10].GetProperty("cacheHitRate").GetDouble());
    }

    [Fact]
    public async Task Should_count_causes_and_rank_slowest_steps_for_the_same_filters()
    {
        var repository = await SeedAsync();
        using var client = web.ApiClient();

        var causes = await client.GetFromJsonAsync<JsonElement>($"/api/insights/causes?{Query(repository)}");
        var steps = await client.GetFromJsonAsync<JsonElement>($"/api/insights/slowest-steps?{Query(repository)}");

        var cause = Assert.Single(causes.GetProperty("causes").EnumerateArray());
        Assert.Equal(("files-changed", 1), (cause.GetProperty("cause").GetString(), cause.GetProperty("builds").GetInt32()));
        var step = Assert.Single(steps.GetProperty("steps").EnumerateArray());
        Assert.Equal(("RUN echo \"a, b\"", repository, 9_000, 9_000, 1),
            (step.GetProperty("instruction").GetString(), step.GetProperty("repository").GetString(), step.GetProperty("p50Ms").GetInt64(),
                step.GetProperty("p95Ms").GetInt64(), step.GetProperty("runs").GetInt32()));
    }

    [Fact]
    public async Task Should_export_what_the_charts_and_tables_show_as_quoted_csv()
    {
        var repository = await SeedAsync();
        using var client = web.ApiClient();

        var series = await client.GetAsync($"/api/insights/series.csv?{Query(repository)}&bucket=day");
        var steps = await client.GetStringAsync($"/api/insights/slowest-steps.csv?{Query(repository)}");
        // The page's download links work without the API token, like the page itself.
        var fromPage = await web.ApiClient().GetStringAsync($"/insights/series.csv?{Query(repository)}&bucket=day");

        Assert.Equal("text/csv", series.Content.Headers.ContentType?.MediaType);
        var csv = await series.Content.ReadAsStringAsync();
        Assert.Equal("start,builds,succeeded,failed,cacheHitRate,p50Ms,p95Ms,queueP95Ms,secondsSaved\r\n"
                     + "2026-10-05T00:00:00Z,2,1,1,0.75,60000,120000,10000,9\r\n", csv);
        Assert.Equal(csv, fromPage);
        Assert.Equal($"instruction,repository,p50Ms,p95Ms,runs\r\n\"RUN echo \"\"a, b\"\"\",\"{repository}\",9000,9000,1\r\n", steps);
    }

    [Theory]
    [InlineData("from=yesterday", "'from'")]
    [InlineData("to=2026-13-45", "'to'")]
    [InlineData("from=2026-10-06T00:00:00Z&to=2026-10-05T00:00:00Z", "'from'")]
    [InlineData("bucket=week", "'bucket'")]
    [InlineData("range=1y", "'range'")]
    public async Task Should_refuse_bad_query_values_with_a_problem_that_names_the_parameter(string query, string parameter)
    {
        using var client = web.ApiClient();

        foreach (var path in new[] { "series", "causes", "slowest-steps", "agents", "series.csv" })
        {
            var response = await client.GetAsync($"/api/insights/{path}?{query}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(parameter, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Should_ask_for_the_admin_token_like_every_api()
    {
        var response = await web.CreateClient().GetAsync("/api/insights/series");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
