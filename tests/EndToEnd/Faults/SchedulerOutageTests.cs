using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// The scheduler goes away while agents keep building: killed and restarted, or frozen. Agents heartbeat every 2 s and
/// count as silent after 6 s; each outage lasts longer than that, and the agents never stopped, so none may be marked
/// offline, no build may be requeued, and nothing may run twice. Each outage begins with builds in every state the
/// scheduler tracks: running on both agents, and queued or already placed behind them.
/// </summary>
[Collection(FarmCollection.Name)]
public class SchedulerOutageTests(FarmFixture farm)
{
    /// <summary>Longer than the 6 s after which an agent the scheduler could hear would count as silent.</summary>
    static readonly TimeSpan Restart = TimeSpan.FromSeconds(10);

    /// <summary>The freeze the issue names: many heartbeats' worth, longer than an endpoint's reconnect back-off.</summary>
    static readonly TimeSpan Freeze = TimeSpan.FromSeconds(45);

    const int Builds = 4;

    [EndToEndFact]
    public async Task Should_run_every_build_once_when_the_scheduler_restarts_after_the_offline_threshold()
    {
        var ids = await StartWorkloadAsync("scheduler-restart");

        await farm.KillSchedulerAsync();
        await Task.Delay(Restart); // the outage itself, not a wait for something to happen
        await farm.RestartSchedulerAsync();

        await AssertRanOnceAsync(ids);
    }

    [EndToEndFact]
    public async Task Should_run_every_build_once_when_the_scheduler_was_frozen()
    {
        var ids = await StartWorkloadAsync("scheduler-freeze");

        await farm.SignalAsync("scheduler", "STOP");
        try
        {
            await Task.Delay(Freeze); // the freeze itself
        }
        finally
        {
            await farm.SignalAsync("scheduler", "CONT");
        }

        await AssertRanOnceAsync(ids);
    }

    /// <summary>Submits more long builds than the two agents run at once, and returns once one is inside its long step
    /// and the rest wait behind it (queued, placed on an agent, or starting): none has finished.</summary>
    async Task<List<Guid>> StartWorkloadAsync(string name)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < Builds; i++)
        {
            var repository = farm.NewRepository($"{name}-{i}");
            // Long enough to outlast the outage's start: the build is still running when the scheduler goes. Named
            // after the build, so no agent holds it cached from another (the demo's other steps are the same in all).
            var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile"))
                .Replace("CMD [", $"RUN echo 'long step of {name}-{i}' && sleep 20\nCMD [", StringComparison.Ordinal);
            repository.Write("Dockerfile", dockerfile);
            repository.Commit("Add a long step");
            ids.Add(await farm.Api.SubmitAsync(repository.Url));
        }
        await Eventually.Until(
            () => Task.WhenAll(ids.Select(farm.Api.BuildAsync)),
            builds => builds.Any(InLongStep) && builds.Count(b => b.Status is "queued" or "assigned") >= 1
                      && builds.All(b => b.Status is "queued" or "assigned" or "running"),
            TimeSpan.FromMinutes(3),
            builds => "the workload never had a build in its long step and others waiting: " +
                      string.Join(" | ", (builds ?? []).Select(FarmApi.Describe)));
        return ids;
    }

    static bool InLongStep(BuildJson b) =>
        b.Status == "running" && b.Steps.Any(s => s.Instruction.Contains("sleep 20") && s.Status == "running");

    async Task AssertRanOnceAsync(IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            var build = await farm.Api.WaitForFinishAsync(id, TimeSpan.FromMinutes(4));
            var context = $"{FarmApi.Describe(build)}\n{string.Join('\n', build.Events?.Select(e => $"{e.At:O} {e.Status} {e.Message}") ?? [])}\n{farm.Diagnostics()}";
            Assert.True(build.Status == "succeeded", context);
            Assert.True(build.Attempt == 1, context);
            Assert.DoesNotContain(build.Events!, e => e.Status == "queued" && e.Message.StartsWith("Requeued", StringComparison.Ordinal));
            // Ran once: one start, and the long step ran (not cached) exactly once.
            Assert.True(build.Events!.Count(e => e.Status == "running") == 1, context);
            Assert.Single(build.Steps, s => s.Instruction.Contains("sleep 20") && !s.Cached);
        }
        Assert.All(await farm.Api.AgentsAsync(), a => Assert.Equal("online", a.Status));
    }
}
