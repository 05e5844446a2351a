using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class BuildMissApiTests(WebFixture web)
{
    [Fact]
    public async Task Should_serve_why_a_finished_build_missed_as_miss()
    {
        var earlier = Guid.NewGuid();
        var build = SeededBuild.Finished("agent-m");
        build.MissCause = MissCauses.FilesChanged;
        build.MissJson = JsonSerializer.Serialize(new MissExplanation(MissCauses.FilesChanged, new MissedStep(2, "COPY train.py /app/"),
            earlier, "train.py changed.", ["train.py"], 0.8), JsonSerializerOptions.Web);
        await web.WithDbAsync(db => { db.Builds.Add(build); return db.SaveChangesAsync(); });
        using var client = web.ApiClient();

        var miss = (await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}")).GetProperty("miss");

        Assert.Equal("files-changed", miss.GetProperty("cause").GetString());
        Assert.Equal(2, miss.GetProperty("firstMissedStep").GetProperty("index").GetInt32());
        Assert.Equal(earlier, miss.GetProperty("comparedWith").GetGuid());
        Assert.Equal("train.py changed.", miss.GetProperty("detail").GetString());
        Assert.Equal(["train.py"], miss.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0.8, miss.GetProperty("secondsLost").GetDouble());
    }

    [Fact]
    public async Task Should_serve_a_null_miss_until_the_build_finished()
    {
        var build = SeededBuild.Queued();
        await web.WithDbAsync(db => { db.Builds.Add(build); return db.SaveChangesAsync(); });
        using var client = web.ApiClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}");

        Assert.Equal(JsonValueKind.Null, json.GetProperty("miss").ValueKind);
    }

    [Fact]
    public async Task Should_list_a_queued_builds_planned_steps_with_times_measured_on_earlier_runs_of_their_keys()
    {
        var pip = $"pip-{Guid.NewGuid():N}";
        var measured = SeededBuild.Finished("agent-m");
        measured.Steps[1].Key = pip;
        measured.Steps[1].Cached = false;
        measured.Steps[1].Status = "done";
        measured.Steps[1].DurationMs = 90_000;
        var queued = SeededBuild.Queued();
        queued.PlanJson = JsonSerializer.Serialize(new BuildPlan(
        [
            new PlanStep("base", -1, StepKind.Image, "FROM", "FROM python:3.11") { Stage = "stage-0", Vertex = 1 },
            new PlanStep("env", 0, StepKind.Instruction, "ENV", "ENV A=1") { Stage = "stage-0", StepInStage = 1, HasVertex = false },
            new PlanStep(pip, 1, StepKind.Instruction, "RUN", "RUN pip install -r requirements.txt") { Stage = "stage-0", StepInStage = 2, Vertex = 2 },
            new PlanStep("never-ran", 2, StepKind.Instruction, "RUN", "RUN make") { Stage = "stage-0", StepInStage = 3, Vertex = 3 },
        ]), JsonSerializerOptions.Web);
        await web.WithDbAsync(db => { db.Builds.AddRange(measured, queued); return db.SaveChangesAsync(); });
        using var client = web.ApiClient();

        var plan = (await client.GetFromJsonAsync<JsonElement>($"/api/builds/{queued.Id}")).GetProperty("plan").EnumerateArray().ToList();

        Assert.Equal(["FROM python:3.11", "RUN pip install -r requirements.txt", "RUN make"], plan.Select(p => p.GetProperty("instruction").GetString()));
        // Measured 90 s before; a RUN never measured gets the default.
        Assert.Equal([0, 90, StepDurations.RunSeconds], plan.Select(p => p.GetProperty("predictedSeconds").GetDouble()));
    }
}
