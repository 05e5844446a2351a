using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// The scheduler goes away while agents keep building: killed and restarted, or frozen. Agents heartbeat every 2 s and
/// count as silent after 6 s; each outage lasts longer than that, and the agents never stopped, so none may be marked
/// offline, no build may be requeued, and nothing may run twice.
/// </summary>
[Collection(FarmCollection.Name)]
public class SchedulerOutageTests(FarmFixture farm)
{
    /// <summary>Longer than the 6 s after which an agent the scheduler could hear would count as silent.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [EndToEndFact]
    public async Task Should_leave_running_builds_on_their_agents_when_the_scheduler_restarts_after_the_offline_threshold()
    {
        var id = await StartLongBuildAsync("scheduler-restart");

        await farm.KillSchedulerAsync();
        await Task.Delay(Outage); // the outage itself, not a wait for something to happen
        await farm.RestartSchedulerAsync();

        await AssertRanOnceAsync(id);
    }

    [EndToEndFact]
    public async Task Should_leave_running_builds_on_their_agents_when_the_scheduler_was_frozen()
    {
        var id = await StartLongBuildAsync("scheduler-freeze");

        await farm.SignalAsync("scheduler", "STOP");
        try
        {
            await Task.Delay(Outage); // the freeze itself
        }
        finally
        {
            await farm.SignalAsync("scheduler", "CONT");
        }

        await AssertRanOnceAsync(id);
    }

    async Task<Guid> StartLongBuildAsync(string name)
    {
        var repository = farm.NewRepository(name);
        // Long enough to outlast the outage: the build is still running when the scheduler comes back.
        var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile"))
            .Replace("CMD [", "RUN echo 'long step' && sleep 20\nCMD [", StringComparison.Ordinal);
        repository.Write("Dockerfile", dockerfile);
        repository.Commit("Add a long step");
        var id = await farm.Api.SubmitAsync(repository.Url);
        await farm.Api.WaitForAsync(id,
            b => b.Status == "running" && b.Steps.Any(s => s.Instruction.Contains("sleep 20") && s.Status == "running"),
            "reached the long step");
        return id;
    }

    async Task AssertRanOnceAsync(Guid id)
    {
        var build = await farm.Api.WaitForFinishAsync(id, TimeSpan.FromMinutes(4));
        var context = $"{FarmApi.Describe(build)}\n{string.Join('\n', build.Events?.Select(e => $"{e.At:O} {e.Status} {e.Message}") ?? [])}\n{farm.Diagnostics()}";
        Assert.True(build.Status == "succeeded", context);
        Assert.True(build.Attempt == 1, context);
        Assert.DoesNotContain(build.Events!, e => e.Status == "queued" && e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        Assert.All(await farm.Api.AgentsAsync(), a => Assert.Equal("online", a.Status));
    }
}
