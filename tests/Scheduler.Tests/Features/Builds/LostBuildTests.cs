using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class LostBuildTests
{
    const string EngineError = "error during connect: Post \"http://docker/build\": EOF";

    static BuildFinished Lost(Guid id, int attempt, DateTimeOffset at) =>
        new(id, attempt, "gpu-1", BuildOutcome.Lost, null, null, 3000, 0, 0, EngineError, null, at);

    /// <summary>The agent's heartbeat: its engine answers again (or, with <paramref name="engineError"/>, still not).</summary>
    static async Task BeatAsync(SchedulerHarness farm, string agent, DateTimeOffset at, string? engineError = null)
    {
        await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent(agent) with { DockerError = engineError }, at));
        Assert.True(await farm.ConsumedAsync<AgentHeartbeat>(m => m.Agent.Id == agent && m.At == at));
    }

    [Fact]
    public async Task Should_run_a_build_lost_to_the_infrastructure_again_on_another_agent_instead_of_failing_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-2");

        await farm.Bus.Bus.Publish(Lost(id, 1, farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2 && b.Status == BuildStatus.Assigned, "on attempt 2");
        Assert.Equal("gpu-2", build.AgentId);
        var first = Assert.Single(build.Attempts, a => a.Number == 1);
        Assert.Equal((AttemptOutcome.Lost, $"lost to the infrastructure on gpu-1: {EngineError}"), (first.Outcome, first.Reason));
        Assert.DoesNotContain(build.Events, e => e.Status == BuildStatus.Failed);
        Assert.False(await farm.Bus.Sent.Any<CancelBuild>());
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_fail_a_build_lost_to_the_infrastructure_on_every_attempt_with_that_reason()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // Each time the engine comes back before the build is placed again, and dies under it once more.
            if (attempt > 1)
            {
                farm.Clock.Advance(TimeSpan.FromSeconds(1));
                await BeatAsync(farm, "gpu-1", farm.Clock.GetUtcNow());
            }
            await farm.WaitForAsync(id, b => b.Attempt == attempt && b.Status == BuildStatus.Assigned, $"attempt {attempt}");
            farm.Clock.Advance(TimeSpan.FromSeconds(1));
            await farm.Bus.Bus.Publish(Lost(id, attempt, farm.Clock.GetUtcNow()));
            await farm.WaitForAsync(id, b => b.Attempts.Any(a => a.Number == attempt && a.Outcome == AttemptOutcome.Lost), $"attempt {attempt} lost");
        }

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        Assert.Equal($"lost to the infrastructure on gpu-1: {EngineError}; gave up after 3 attempts", build.Error);
        Assert.All(build.Attempts, a => Assert.Equal(AttemptOutcome.Lost, a.Outcome));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_not_place_a_lost_build_back_on_the_agent_whose_engine_it_lost_until_a_later_heartbeat_says_the_engine_answers()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var registered = farm.Clock.GetUtcNow();
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        farm.Clock.Advance(TimeSpan.FromSeconds(2));

        // The loss overtakes the heartbeat that says the engine is down: they travel on different queues.
        await farm.Bus.Bus.Publish(Lost(id, 1, farm.Clock.GetUtcNow()));

        var waiting = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Queued && b.WaitingReason?.Contains("Docker engine unavailable") == true,
            "waiting for an engine that answers");
        Assert.Equal(1, waiting.Attempt);
        Assert.Contains(EngineError, waiting.WaitingReason);
        Assert.Equal(EngineError, await EngineErrorOfAsync(farm, "gpu-1"));
        // A beat collected before the loss and delivered after it says nothing of the engine now.
        await BeatAsync(farm, "gpu-1", registered + TimeSpan.FromSeconds(1));
        Assert.Equal((BuildStatus.Queued, 1), ((await farm.BuildAsync(id)).Status, (await farm.BuildAsync(id)).Attempt));

        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        await BeatAsync(farm, "gpu-1", farm.Clock.GetUtcNow());

        var build = await farm.WaitForAsync(id, b => b.Attempt == 2 && b.Status == BuildStatus.Assigned, "on attempt 2");
        Assert.Equal("gpu-1", build.AgentId);
        Assert.Null(await EngineErrorOfAsync(farm, "gpu-1"));
        await farm.AssertNoFaultsAsync();
    }

    static Task<string?> EngineErrorOfAsync(SchedulerHarness farm, string agent) =>
        farm.WithDbAsync(async db => (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agent)).DockerError);
}
