using System.Diagnostics;
using System.Text.RegularExpressions;
using BuildFarm.EndToEnd.Farm;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// RabbitMQ stops for 40 s while both agents build, and starts again on the same data. The agents keep building (their
/// events wait in their outboxes), submits answer at once (Web's outbox keeps them), and once the broker is back every
/// build succeeds on its first attempt, no agent was ever marked offline, and no step is timed by the outage. The farm
/// runs on a broker of its own: the shared node serves every other test.
/// </summary>
[Collection(FarmCollection.Name)]
public class BrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(40);
    /// <summary>Its long step ends inside the outage, so its end, and the build's, reach the scheduler only afterwards.</summary>
    const int EndsInsideSeconds = 25;
    /// <summary>Its long step runs through the whole outage and ends after it.</summary>
    const int OutlastsSeconds = 55;
    /// <summary>Builds submitted while the broker is down: short, so they show placement resumed rather than run time.</summary>
    const int SubmittedInsideSeconds = 3;
    /// <summary>A submit stores the build and returns; the earlier farm held the request 10 s waiting on the broker.</summary>
    static readonly TimeSpan SubmitLimit = TimeSpan.FromSeconds(2);
    /// <summary>A step timed from the engine's own clock is its sleep plus the shell's start; one timed by event arrival
    /// would carry the outage.</summary>
    static readonly TimeSpan StepSlack = TimeSpan.FromSeconds(5);
    static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(4);

    readonly FarmFixture farm = new("broker-outage", null, new Dictionary<string, string>()) { OwnBroker = true };

    public Task InitializeAsync() => farm.InitializeAsync();

    public Task DisposeAsync() => farm.DisposeAsync();

    [EndToEndFact]
    public async Task Should_finish_every_build_once_with_no_agent_offline_when_the_broker_stops_for_40_seconds()
    {
        var endsInside = await StartLongBuildAsync("ends-inside", EndsInsideSeconds);
        var outlasts = await StartLongBuildAsync("outlasts", OutlastsSeconds);
        var running = await Task.WhenAll(farm.Api.BuildAsync(endsInside.Id), farm.Api.BuildAsync(outlasts.Id));
        Assert.True(running[0].Agent != running[1].Agent, $"both builds on {running[0].Agent}: the outage must catch both agents busy");

        await using var watch = AgentWatch.Start(farm.Api, FarmFixture.AgentA, FarmFixture.AgentB);
        var clock = Stopwatch.StartNew();
        await farm.Broker!.StopAsync();
        var down = clock.Elapsed;
        var submittedInside = new List<Submitted>();
        foreach (var name in new[] { "inside-1", "inside-2" })
            submittedInside.Add(await SubmitWhileDownAsync(name));
        await Task.Delay(Outage - (clock.Elapsed - down)); // the outage itself
        var starting = clock.Elapsed;
        await farm.Broker.StartAsync();
        var back = clock.Elapsed;
        var brokerBackAt = DateTimeOffset.UtcNow;

        var all = new[] { endsInside, outlasts }.Concat(submittedInside).ToList();
        var finished = new List<BuildJson>();
        foreach (var build in all)
            finished.Add(await farm.Api.WaitForFinishAsync(build.Id, FinishTimeout));
        var settled = clock.Elapsed;
        // Heartbeats that lapsed in the outage would be judged in the sweeps right after it; watch through a few more.
        await Task.Delay(TimeSpan.FromSeconds(8)); // time for a wrong verdict to show, not a wait for a right one
        await watch.DisposeAsync();

        output.WriteLine($"broker: stopping took {down.TotalSeconds:0.0} s, down {(starting - down).TotalSeconds:0.0} s, booting " +
                         $"{(back - starting).TotalSeconds:0.0} s: refused connections for {(back - down).TotalSeconds:0.0} s; every build " +
                         $"finished {(settled - back).TotalSeconds:0.0} s after it was back; agent watch read {watch.Polls} answers");
        Report(all, finished);
        for (var i = 0; i < all.Count; i++)
            await AssertRanOnceAsync(all[i], finished[i]);
        Assert.True(watch.Polls > 20, $"the agent watch read only {watch.Polls} answers");
        Assert.True(watch.Lapses.Count == 0, "agents seen not online: " + string.Join(", ", watch.Lapses.Take(20)) + "\n" + farm.Diagnostics());
        // Stamped when it happened on the agent, not when the broker let the news through.
        var early = finished[0];
        Assert.True(early.FinishedAt < brokerBackAt, $"the build that ended inside the outage is stamped {early.FinishedAt:O}, after the broker came back at {brokerBackAt:O}");
        foreach (var (build, i) in submittedInside.Select((b, i) => (b, i)))
        {
            Assert.True(build.Answered < SubmitLimit, $"a submit while the broker was down took {build.Answered.TotalSeconds:0.00} s");
            Assert.True(finished[i + 2].StartedAt > brokerBackAt, "a build submitted in the outage started before the broker was back");
        }
    }

    sealed record Submitted(Guid Id, string Name, int SleepSeconds, TimeSpan Answered);

    async Task<Submitted> StartLongBuildAsync(string name, int sleepSeconds) =>
        new(await LongStep.StartAsync(farm.Api, LongStep.Repository(farm, name, sleepSeconds), sleepSeconds), name, sleepSeconds, TimeSpan.Zero);

    async Task<Submitted> SubmitWhileDownAsync(string name)
    {
        var repository = LongStep.Repository(farm, name, SubmittedInsideSeconds);
        var clock = Stopwatch.StartNew();
        var id = await farm.Api.SubmitAsync(repository.Url);
        var answered = clock.Elapsed;
        var stored = await farm.Api.BuildAsync(id);
        Assert.True(stored.Status == "queued", $"a build submitted while the broker was down is {FarmApi.Describe(stored)}");
        output.WriteLine($"submitted {name} in the outage: answered in {answered.TotalMilliseconds:0} ms, stored as {stored.Status}" +
                         (stored.WaitingReason is null ? "" : $" ({stored.WaitingReason})"));
        return new Submitted(id, name, SubmittedInsideSeconds, answered);
    }

    async Task AssertRanOnceAsync(Submitted submitted, BuildJson build)
    {
        var context = $"{submitted.Name}: {FarmApi.Describe(build)}\n" +
                      string.Join('\n', build.Events?.Select(e => $"{e.At:O} {e.Status} {e.Message}") ?? []) + "\n" + farm.Diagnostics();
        Assert.True(build.Status == "succeeded", context);
        Assert.True(build.Attempt == 1, context);
        Assert.DoesNotContain(build.Events!, e => e.Status == "queued" && e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        Assert.True(await LongStep.RunsAsync(farm.Api, build.Id) == 1, $"the long step's output is not in the log exactly once\n{context}");
        Assert.True(StartsInAgentLogs(build.Id) == 1, $"agents started {submitted.Name} {StartsInAgentLogs(build.Id)} times\n{context}");
        var step = LongStep.Of(build, submitted.SleepSeconds)!;
        Assert.True(step.DurationMs >= submitted.SleepSeconds * 1000 && step.DurationMs < (submitted.SleepSeconds + StepSlack.TotalSeconds) * 1000,
            $"the {submitted.SleepSeconds} s step of {submitted.Name} is recorded as {step.DurationMs} ms\n{context}");
    }

    /// <summary>How many attempts of the build the agents started, by their own logs: a run the scheduler never heard of
    /// counts too.</summary>
    int StartsInAgentLogs(Guid id) =>
        new[] { FarmFixture.AgentA, FarmFixture.AgentB }
            .Select(agent => Path.Combine(farm.RunDir, "logs", agent + ".log"))
            .Where(File.Exists)
            .Sum(log => Regex.Count(File.ReadAllText(log), $@"Build {id} attempt \d+ started"));

    /// <summary>Each build against what it costs without a fault: the engine's own time for its steps (a fault-free run's
    /// duration, less the clone and context upload), and the long step against its sleep.</summary>
    void Report(List<Submitted> all, List<BuildJson> finished)
    {
        output.WriteLine("build        agent               attempt  queued→finished  started→finished  engine work  extra   long step / sleep");
        foreach (var (submitted, build) in all.Zip(finished))
        {
            var step = LongStep.Of(build, submitted.SleepSeconds)!;
            var work = build.Steps.Sum(s => s.DurationMs ?? 0) / 1000.0;
            var ran = (build.FinishedAt - build.StartedAt)?.TotalSeconds ?? double.NaN;
            output.WriteLine($"{submitted.Name,-12} {build.Agent,-19} {build.Attempt,7}  {(build.FinishedAt - build.QueuedAt)?.TotalSeconds,13:0.0} s  " +
                             $"{ran,14:0.0} s  {work,9:0.0} s  {ran - work,4:0.0} s  {step.DurationMs / 1000.0,7:0.0} s / {submitted.SleepSeconds} s");
        }
    }
}
