using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Agents;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

/// <summary>A cached step records how long its key took when it last ran for real: what the insights call time saved.</summary>
public class SavedTimeTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

    /// <summary>Runs one build of two steps (FROM and RUN, both with keys) to success on gpu-1.</summary>
    static async Task<Guid> RunAsync(SchedulerHarness farm, DateTimeOffset at, bool cached, double runSeconds, string runKey = "k-run")
    {
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        object[] events =
        [
            new BuildStarted(id, 1, "gpu-1", at),
            new StepCompleted(id, 1, 0, null, "FROM localhost:5000/base:1", at, at.AddSeconds(4), cached, null, "k-from"),
            new StepCompleted(id, 1, 1, null, "RUN pip install torch", at, at.AddSeconds(runSeconds), cached, null, runKey),
            new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:img", 10, 5000, cached ? 1 : 0, 1, null, null, at.AddSeconds(5)),
        ];
        foreach (var e in events)
            await farm.Bus.Bus.Publish(e);
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded && b.Steps.Count(s => s.CompletedAt is not null) == 2, "succeeded");
        return id;
    }

    [Fact]
    public async Task Should_store_on_a_cached_step_the_duration_of_the_latest_uncached_run_of_its_key()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        await RunAsync(farm, T0, cached: false, runSeconds: 90);
        await RunAsync(farm, T0.AddMinutes(10), cached: false, runSeconds: 120);
        var id = await RunAsync(farm, T0.AddMinutes(20), cached: true, runSeconds: 0.1);

        var build = await farm.BuildAsync(id);
        var run = Assert.Single(build.Steps, s => s.Index == 1);
        Assert.Equal((true, 120_000L), (run.Cached, run.SavedMs));
        // FROM reads CACHED even on a cold agent, so it is never counted as time saved.
        Assert.Null(Assert.Single(build.Steps, s => s.Index == 0).SavedMs);
        Assert.Equal(120_000L, build.SavedMs);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_leave_saved_time_empty_for_steps_that_ran_and_for_keys_never_seen_running()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var ran = await RunAsync(farm, T0, cached: false, runSeconds: 90);
        var unseen = await RunAsync(farm, T0.AddMinutes(10), cached: true, runSeconds: 0.1, runKey: "k-elsewhere");

        Assert.Null(Assert.Single((await farm.BuildAsync(ran)).Steps, s => s.Index == 1).SavedMs);
        Assert.Null(Assert.Single((await farm.BuildAsync(unseen)).Steps, s => s.Index == 1).SavedMs);
        await farm.AssertNoFaultsAsync();
    }
}
