using System.Net;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class BuildLogApiTests(WebFixture web)
{
    [Fact]
    public async Task Should_serve_a_10000_line_log_whole_and_in_order_under_step_headers()
    {
        var agent = SeededBuild.Agent();
        var build = SeededBuild.Finished(agent.Id);
        var lines = Enumerable.Range(1, 10_000).Select(i => $"Collecting package-{i} \u001b[32m✓\u001b[0m").ToList();
        var batches = lines.Chunk(100).Select(c => string.Join('\n', c)).ToArray();
        await Seed(build, agent, [.. SeededBuild.Log(build, 1, "Requirement already satisfied: pip"), .. SeededBuild.Log(build, 2, batches)]);

        var response = await web.ApiClient().GetAsync($"/api/builds/{build.Id}/log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal(
            [
                "==> step 1/3: FROM localhost:5000/demo/base:1 (attempt 1, agent gpu-host-1)",
                "==> step 2/3: RUN pip install -r requirements.txt (attempt 1, agent gpu-host-1)",
                "Requirement already satisfied: pip",
                "==> step 3/3: COPY train.py /app/ (attempt 1, agent gpu-host-1)",
            ],
            text[..4]);
        Assert.Equal(lines, text[4..^1]);
        Assert.Equal("", text[^1]);
    }

    [Fact]
    public async Task Should_serve_every_attempt_in_order_or_the_one_asked_for()
    {
        var build = TwoAttempts();
        await Seed(build, null, [.. SeededBuild.Log(build.Id, 1, 1, "attempt 1 was here"), .. SeededBuild.Log(build.Id, 2, 1, "attempt 2 is here")]);
        var api = web.ApiClient();

        var all = await api.GetStringAsync($"/api/builds/{build.Id}/log");
        var first = await api.GetStringAsync($"/api/builds/{build.Id}/log?attempt=1");
        var latestStep = await api.GetStringAsync($"/api/builds/{build.Id}/steps/1/log");
        var earlierStep = await api.GetStringAsync($"/api/builds/{build.Id}/steps/1/log?attempt=1");

        Assert.Equal(
            """
            ==> step 1/2: FROM base (attempt 1, agent gpu-1)
            ==> step 2/2: RUN pip install torch (attempt 1, agent gpu-1)
            attempt 1 was here
            ==> step 1/2: FROM base (attempt 2, agent gpu-2)
            ==> step 2/2: RUN pip install torch (attempt 2, agent gpu-2)
            attempt 2 is here

            """.ReplaceLineEndings("\n"), all);
        Assert.Equal(string.Join("", all.Split('\n')[..3].Select(l => l + "\n")), first);
        Assert.Equal("==> step 2/2: RUN pip install torch (attempt 2, agent gpu-2)\nattempt 2 is here\n", latestStep);
        Assert.Equal("==> step 2/2: RUN pip install torch (attempt 1, agent gpu-1)\nattempt 1 was here\n", earlierStep);
    }

    [Theory]
    [InlineData("/api/builds/{unknown}/log")]
    [InlineData("/api/builds/{unknown}/steps/0/log")]
    [InlineData("/api/builds/{id}/steps/7/log")]
    [InlineData("/api/builds/{id}/log?attempt=3")]
    [InlineData("/api/builds/{id}/steps/0/log?attempt=0")]
    public async Task Should_answer_404_for_an_unknown_build_attempt_or_step(string path)
    {
        var build = TwoAttempts();
        await Seed(build, null, []);

        var response = await web.ApiClient().GetAsync(path.Replace("{unknown}", Guid.NewGuid().ToString()).Replace("{id}", build.Id.ToString()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Should_want_a_token_on_the_api_and_a_sign_in_for_the_download_beside_the_page()
    {
        var build = TwoAttempts();
        await Seed(build, null, SeededBuild.Log(build.Id, 2, 1, "attempt 2 is here"));
        using var anonymous = web.CreateClient(new() { AllowAutoRedirect = false });

        var unauthorized = await anonymous.GetAsync($"/api/builds/{build.Id}/log");
        var signInFirst = await anonymous.GetAsync($"/builds/{build.Id}/steps/1/log?attempt=2");
        var download = await web.ViewerClient().GetAsync($"/builds/{build.Id}/steps/1/log?attempt=2");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signInFirst.StatusCode);
        Assert.StartsWith("/account/login", signInFirst.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(await web.ApiClient().GetStringAsync($"/api/builds/{build.Id}/steps/1/log"), await download.Content.ReadAsStringAsync());
    }

    static Build TwoAttempts()
    {
        var build = SeededBuild.Queued();
        (build.Status, build.Attempt, build.AgentId) = (BuildStatus.Running, 2, "gpu-2");
        foreach (var (attempt, agent) in new[] { (1, "gpu-1"), (2, "gpu-2") })
        {
            build.Steps.Add(Step(attempt, agent, 0, "FROM base"));
            build.Steps.Add(Step(attempt, agent, 1, "RUN pip install torch"));
        }
        build.Attempts =
        [
            new() { Number = 1, AgentId = "gpu-1", AssignedAt = SeededBuild.T0, Outcome = AttemptOutcome.Lost, Reason = "gpu-1 went offline" },
            new() { Number = 2, AgentId = "gpu-2", AssignedAt = SeededBuild.T0, Outcome = AttemptOutcome.Running },
        ];
        return build;
    }

    static BuildStep Step(int attempt, string agent, int index, string instruction)
    {
        var step = SeededBuild.Step(index, instruction, cached: false, ms: 10);
        (step.Attempt, step.AgentId) = (attempt, agent);
        return step;
    }

    Task Seed(Build build, BuildFarm.Data.Agent? agent, List<BuildLogChunk> log) =>
        web.WithDbAsync(db =>
        {
            if (agent is not null)
                db.Agents.Add(agent);
            db.Builds.Add(build);
            db.BuildLogChunks.AddRange(log);
            return db.SaveChangesAsync();
        });
}
