using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class GetBuildTests(WebFixture web)
{
    [Fact]
    public async Task Should_answer_404_for_an_unknown_build()
    {
        using var client = web.ApiClient();

        var response = await client.GetAsync($"/api/builds/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Should_map_a_finished_build_with_its_agent_and_steps()
    {
        var agent = SeededBuild.Agent();
        var build = SeededBuild.Finished(agent.Id);
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            db.Builds.Add(build);
            db.BuildLogChunks.AddRange(SeededBuild.Log(build, 2, "copying\ndone"));
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal(build.Id, json.GetProperty("id").GetGuid());
        Assert.Equal("succeeded", json.GetProperty("status").GetString());
        Assert.Equal(build.Repository, json.GetProperty("repository").GetString());
        Assert.Equal("main", json.GetProperty("ref").GetString());
        Assert.Equal(agent.Id, json.GetProperty("agent").GetString());
        Assert.Equal(agent.Name, json.GetProperty("agentName").GetString());
        Assert.Equal(SeededBuild.T0, json.GetProperty("queuedAt").GetDateTimeOffset());
        Assert.Equal(SeededBuild.T0.AddSeconds(1), json.GetProperty("assignedAt").GetDateTimeOffset());
        Assert.Equal(SeededBuild.T0.AddSeconds(2), json.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(SeededBuild.T0.AddSeconds(14), json.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(12_000, json.GetProperty("durationMs").GetInt64());
        Assert.Equal(build.ImageId, json.GetProperty("imageId").GetString());
        Assert.Equal(734_003_200, json.GetProperty("imageSizeBytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("failedStep").ValueKind);
        Assert.Equal("least loaded: 0 of 2 slots busy", json.GetProperty("placementReason").GetString());
        Assert.Equal(2, json.GetProperty("stepsCached").GetInt32());
        Assert.Equal(3, json.GetProperty("stepsTotal").GetInt32());
        Assert.Equal(1, json.GetProperty("attempt").GetInt32());

        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], steps.Select(s => s.GetProperty("index").GetInt32()));
        Assert.Equal("COPY train.py /app/", steps[2].GetProperty("instruction").GetString());
        Assert.Equal([true, true, false], steps.Select(s => s.GetProperty("cached").GetBoolean()));
        Assert.Equal([5L, 40L, 800L], steps.Select(s => s.GetProperty("durationMs").GetInt64()));
        Assert.Equal(["cached", "cached", "done"], steps.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal([false, false, true], steps.Select(s => s.GetProperty("hasLog").GetBoolean()));
        Assert.All(steps, s => Assert.Equal((1, agent.Id), (s.GetProperty("attempt").GetInt32(), s.GetProperty("agent").GetString())));
        var attempt = Assert.Single(json.GetProperty("attempts").EnumerateArray());
        Assert.Equal((1, agent.Id, agent.Name, "succeeded"), (attempt.GetProperty("number").GetInt32(), attempt.GetProperty("agent").GetString(),
            attempt.GetProperty("agentName").GetString(), attempt.GetProperty("outcome").GetString()));
        Assert.True(steps[0].TryGetProperty("stage", out _));
        Assert.True(steps[0].TryGetProperty("error", out _));

        Assert.Equal(["queued", "assigned", "succeeded"],
            json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Should_give_the_engine_error_and_the_failing_step_of_a_failed_build()
    {
        var build = SeededBuild.Failed("agent-x");
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Contains("exit code: 3", json.GetProperty("error").GetString());
        Assert.Equal(2, json.GetProperty("failedStep").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("agentName").ValueKind);
        var failed = json.GetProperty("steps")[2];
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("exit code: 3", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_say_why_a_queued_build_waits()
    {
        var build = SeededBuild.Queued("no agent is online");
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal("no agent is online", json.GetProperty("waitingReason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("agent").ValueKind);
    }

    [Fact]
    public async Task Should_score_the_placement_prediction_once_the_build_ended()
    {
        var build = SeededBuild.Finished("agent-q");
        build.PredictedKeysJson = "[\"k1\",\"k2\",\"k3\",\"k4\"]";
        (build.PredictionHits, build.PredictionFalseHits, build.PredictionMisses) = (3, 1, 1);
        var queued = SeededBuild.Queued();
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(build, queued);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var prediction = (await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}")).GetProperty("prediction");
        var unplaced = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{queued.Id}");

        Assert.Equal(4, prediction.GetProperty("predicted").GetInt32());
        Assert.Equal(3, prediction.GetProperty("hits").GetInt32());
        Assert.Equal(1, prediction.GetProperty("falseHits").GetInt32());
        Assert.Equal(1, prediction.GetProperty("misses").GetInt32());
        Assert.Equal(0.75, prediction.GetProperty("precision").GetDouble());
        Assert.Equal(0.75, prediction.GetProperty("recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, unplaced.GetProperty("prediction").ValueKind);
    }
}
