using System.Diagnostics;
using System.Net;
using BuildFarm.EndToEnd.Dashboard;
using BuildFarm.EndToEnd.Farm;
using BuildFarm.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// PostgreSQL restarts under a farm of separate processes (Web, Scheduler, two agents) while two builds run and one
/// waits in the queue. The farm runs on a PostgreSQL cluster of this test's own: the shared server is never stopped.
/// </summary>
[Collection(FarmCollection.Name)]
public class DatabaseOutageTests(ITestOutputHelper output)
{
    /// <summary>The outage: longer than the 6 s after which an agent the scheduler could hear counts as silent, and
    /// than the quick retries after which a consumer used to give a message up.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    /// <summary>Four steps of 8 s: a build that reached one runs across the whole outage, its steps ending during it
    /// (events the scheduler must hold) and after it.</summary>
    static readonly string[] LongSteps = ["one", "two", "three", "four"];
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    [EndToEndFact]
    public async Task Should_fail_requests_clearly_while_postgres_restarts_then_resume_every_part_without_a_restart()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var database = await postgres.CreateFarmDatabaseAsync();
        // MaxQueuedPerAgent 0: with both agents busy the third build waits in the farm's queue, not an agent's.
        await using var farm = new FarmFixture("pg-outage", null, new Dictionary<string, string> { ["Scheduler__MaxQueuedPerAgent"] = "0" })
        {
            Database = database.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!),
        };
        await farm.InitializeAsync();
        await using var browser = await Browser.LaunchAsync();
        using var probe = new OutageProbe(farm);
        var where = $"PostgreSQL at 127.0.0.1:{postgres.Port}";
        var shots = Path.Combine(farm.RunDir, "screenshots");

        Guid[] running = [await SubmitLongAsync(farm, "long-1"), await SubmitLongAsync(farm, "long-2")];
        var queued = await farm.Api.SubmitAsync(farm.NewRepository("queued").Url);
        foreach (var id in running)
            await farm.Api.WaitForAsync(id, b => b.Steps.Any(s => IsLong(s) && s.Status == "running"), "reached a long step", BuildTimeout);
        Assert.Equal("queued", (await farm.Api.BuildAsync(queued)).Status);
        var page = await browser.OpenAsync(farm, $"builds/{running[0]}");
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("running");
        await LivePage.WaitUntilLiveAsync(page);

        var outage = Stopwatch.StartNew();
        await postgres.StopAsync();

        OutageProbe.AssertApiOutage(await probe.SendAsync(HttpMethod.Get, $"/api/builds/{running[0]}"), where);
        OutageProbe.AssertApiOutage(await probe.SendAsync(HttpMethod.Get, "/api/agents"), where);
        // A submit is not kept while the database is away: it is refused with the same sentence, to be sent again.
        OutageProbe.AssertApiOutage(await probe.SendAsync(HttpMethod.Post, "/api/builds",
            new { repository = farm.NewRepository("during").Url, @ref = "main" }), where);
        OutageProbe.AssertPageOutage(await probe.SendAsync(HttpMethod.Get, $"/builds/{running[0]}"), where);
        // The open page says it too, above what it last read, and keeps its circuit.
        var notice = page.GetByTestId("database-outage");
        await Expect(notice).ToContainTextAsync(where, new() { Timeout = 10_000 });
        var screenshots = await Screenshots.TakeAsync(page, shots, "outage-open-page");
        var errorPage = await Browser.OpenBesideAsync(page, $"builds/{running[0]}");
        screenshots = [.. screenshots, .. await Screenshots.TakeAsync(errorPage, shots, "outage-error-page")];
        while (outage.Elapsed < Outage - TimeSpan.FromSeconds(2))
        {
            OutageProbe.AssertApiOutage(await probe.SendAsync(HttpMethod.Get, $"/api/builds/{running[1]}"), where);
            await Task.Delay(TimeSpan.FromSeconds(1)); // paces the probe; the outage below is what lasts 20 s
        }
        if (Outage - outage.Elapsed is { Ticks: > 0 } left)
            await Task.Delay(left); // the rest of the outage itself
        await postgres.StartAgainAsync();
        var down = outage.Elapsed;
        Assert.True(probe.Slowest < OutageProbe.AtOnce, $"a request waited {probe.Slowest.TotalSeconds:0.0} s:\n{probe.Describe()}");

        var back = Stopwatch.StartNew();
        var failedAfter = 0;
        while ((await probe.SendAsync(HttpMethod.Get, $"/api/builds/{running[0]}")).Status != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(30), $"the API never answered again:\n{probe.Describe()}\n{farm.Diagnostics()}");
            failedAfter++;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        var answeredAfter = back.Elapsed;
        await Expect(notice).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)BuildTimeout.TotalMilliseconds });

        var builds = new List<BuildJson>();
        foreach (var id in running.Append(queued))
            builds.Add(await farm.Api.WaitForFinishAsync(id, BuildTimeout));
        var agents = await farm.Api.AgentsAsync();
        var deadLetters = await farm.DeadLettersAsync();
        output.WriteLine($"PostgreSQL down for {down.TotalSeconds:0.0} s; {probe.Answers.Count} requests during and after it, slowest " +
            $"{probe.Slowest.TotalMilliseconds:0} ms; API answered again {answeredAfter.TotalSeconds:0.0} s after the start, " +
            $"{failedAfter} request(s) failing first");
        foreach (var b in builds)
            output.WriteLine($"build {b.Id}: {b.Status} on {b.Agent}, attempt {b.Attempt}, {b.DurationMs / 1000.0:0.0} s");
        output.WriteLine($"dead letters: {(deadLetters is null ? "(broker not asked)" : deadLetters.Count == 0 ? "none" : string.Join(", ", deadLetters.Select(d => $"{d.Key}={d.Value}")))}");
        output.WriteLine("screenshots: " + string.Join(", ", screenshots));

        var context = string.Join("\n", builds.Select(Describe)) + "\n" + farm.Diagnostics();
        Assert.All(builds, b => Assert.True(b.Status == "succeeded" && b.Attempt == 1, context));
        Assert.All(builds, b => Assert.Single(b.Events!, e => e.Status == "succeeded"));
        Assert.All(builds, b => Assert.DoesNotContain(b.Events!, e => e.Message.StartsWith("Requeued", StringComparison.Ordinal)));
        // Steps that ended while the database was away were recorded once it was back, with the engine's own times.
        Assert.All(builds.Take(2), b => Assert.All(b.Steps.Where(IsLong), s => Assert.True(s.Status == "done" && s.DurationMs >= 7000, context)));
        Assert.All(agents, a => Assert.Equal("online", a.Status));
        Assert.DoesNotContain("marked offline", farm.Log("scheduler"));
        Assert.True(deadLetters is null || deadLetters.Values.All(n => n == 0), $"messages given up on: {string.Join(", ", deadLetters!)}");
    }

    static bool IsLong(StepJson step) => LongSteps.Any(n => step.Instruction.Contains($"echo {n} ", StringComparison.Ordinal));

    static async Task<Guid> SubmitLongAsync(FarmFixture farm, string name)
    {
        var repository = farm.NewRepository(name);
        var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile")).Replace("CMD [",
            string.Concat(LongSteps.Select(n => $"RUN echo {n} && sleep 8\n")) + "CMD [", StringComparison.Ordinal);
        repository.Write("Dockerfile", dockerfile);
        repository.Commit("Add long steps");
        return await farm.Api.SubmitAsync(repository.Url);
    }

    static string Describe(BuildJson b) =>
        $"{FarmApi.Describe(b)}\n" + string.Join('\n', b.Events?.Select(e => $"  {e.At:O} {e.Status} {e.Message}") ?? []);
}
