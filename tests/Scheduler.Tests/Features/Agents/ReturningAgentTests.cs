using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Builds;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Agents;

public class ReturningAgentTests
{
    /// <summary>gpu-1, the only agent, starts the build and goes silent; the build waits in the queue.</summary>
    static async Task<Guid> RequeuedFromSilentAgentAsync(SchedulerHarness farm)
    {
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 0, null, "RUN make", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running && b.Steps.Count == 1, "running a step");
        await farm.PassAsync(TimeSpan.FromSeconds(31));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Queued, "requeued");
        return id;
    }

    [Fact]
    public async Task Should_give_a_requeued_build_back_to_its_agent_when_it_answers_again_still_running_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RequeuedFromSilentAgentAsync(farm);

        farm.Clock.Advance(TimeSpan.FromSeconds(2));
        await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1", 1, id), farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running again");
        Assert.Equal((1, "gpu-1"), (build.Attempt, build.AgentId));
        Assert.Contains(build.Events, e => e.Message == "gpu-1 answered again and is still running it (attempt 1)");
        var attempt = Assert.Single(build.Attempts);
        Assert.Equal((AttemptOutcome.Running, null, null), (attempt.Outcome, attempt.Reason, attempt.EndedAt));
        Assert.Equal(StepStatus.Running, Assert.Single(build.Steps).Status);
        Assert.False(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.Attempt == 2));
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_keep_the_result_of_a_build_its_agent_finished_after_the_farm_gave_up_on_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await RequeuedFromSilentAgentAsync(farm);

        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:aa", 10, 30_000, 0, 1, null, null,
            farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");
        Assert.Equal((1, "gpu-1", "sha256:aa"), (build.Attempt, build.AgentId, build.ImageId));
        Assert.Equal(AttemptOutcome.Succeeded, Assert.Single(build.Attempts).Outcome);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_tell_a_returning_agent_to_stop_a_build_placed_elsewhere()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await FencingTests.MovedFromSilentAgentAsync(farm);

        await farm.Bus.Bus.Publish(new AgentHeartbeat(SchedulerHarness.Agent("gpu-1", 1, id), farm.Clock.GetUtcNow()));

        Assert.True(await farm.SentAsync<CancelBuild>(m => m.BuildId == id && m.Attempt == 1
            && m.Reason == "superseded: the build is on attempt 2, on gpu-2"));
        Assert.All(farm.Bus.Sent.Select<CancelBuild>(s => s.Context.Message.Attempt == 1),
            s => Assert.EndsWith("/agent-gpu-1", s.Context.DestinationAddress!.AbsolutePath));
        var build = await farm.BuildAsync(id);
        Assert.Equal((2, "gpu-2"), (build.Attempt, build.AgentId));
        await farm.AssertNoFaultsAsync();
    }
}
