using BuildFarm.Contracts;
using BuildFarm.Scheduler.Tests.Features.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class FencingTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

    /// <summary>The build starts on gpu-1, which then goes silent; it moves to gpu-2 as attempt 2.</summary>
    internal static async Task<Guid> MovedFromSilentAgentAsync(SchedulerHarness farm)
    {
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "on gpu-1");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 0, null, "RUN make", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running && b.Steps.Count == 1, "running a step");
        await farm.PassAsync(TimeSpan.FromSeconds(20));
        await LivenessMonitorTests.RegisterAsync(farm, "gpu-2");
        await farm.PassAsync(TimeSpan.FromSeconds(11));
        await farm.WaitForAsync(id, b => b.Attempt == 2 && b.AgentId == "gpu-2", "moved to gpu-2");
        return id;
    }

    [Fact]
    public async Task Should_tell_the_old_agent_its_attempt_is_superseded_when_the_build_is_taken_from_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await MovedFromSilentAgentAsync(farm);

        Assert.True(await farm.SentAsync<CancelBuild>(m => m.BuildId == id && m.Attempt == 1 && m.Reason == "superseded: gpu-1 went silent: no heartbeat received for 31 s while the scheduler could receive them"));
        Assert.EndsWith("/agent-gpu-1", Assert.Single(farm.Bus.Sent.Select<CancelBuild>()).Context.DestinationAddress!.AbsolutePath);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_record_late_results_of_a_superseded_attempt_on_that_attempt_and_leave_the_build_on_its_current_one()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await MovedFromSilentAgentAsync(farm);
        await farm.Bus.Bus.Publish(new BuildStarted(id, 2, "gpu-2", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Running, "running attempt 2");

        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", T0));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 1, null, "RUN test", T0.AddSeconds(40)));
        await farm.Bus.Bus.Publish(new StepCompleted(id, 1, 0, null, "RUN make", T0, T0.AddSeconds(40), false, null));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:aa", 10, 45_000, 0, 1, null, null, T0.AddSeconds(45)));

        var build = await farm.WaitForAsync(id, b => b.Events.Any(e => e.Message.Contains("after it was superseded")), "noting the late end");
        Assert.Equal((BuildStatus.Running, 2, "gpu-2", null), (build.Status, build.Attempt, build.AgentId, build.ImageId));
        var first = Assert.Single(build.Attempts, a => a.Number == 1);
        Assert.Equal(AttemptOutcome.Lost, first.Outcome);
        Assert.EndsWith("; gpu-1 reported attempt 1 succeeded after it was superseded", first.Reason);
        var step = Assert.Single(build.Steps);
        Assert.Equal((1, "gpu-1", StepStatus.Done), (step.Attempt, step.AgentId, step.Status));
        Assert.Equal(AttemptOutcome.Running, Assert.Single(build.Attempts, a => a.Number == 2).Outcome);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_answer_whether_an_attempt_is_still_current()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await MovedFromSilentAgentAsync(farm);
        var client = farm.Bus.Bus.CreateRequestClient<CheckAttempt>();

        var current = await client.GetResponse<AttemptChecked>(new CheckAttempt(id, 2, "gpu-2"));
        var stale = await client.GetResponse<AttemptChecked>(new CheckAttempt(id, 1, "gpu-1"));
        await farm.Bus.Bus.Publish(new BuildCancelRequested(id, farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 2, "gpu-2", BuildOutcome.Cancelled, null, null, 1, 0, 0, null, null, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Cancelled, "cancelled");
        var cancelled = await client.GetResponse<AttemptChecked>(new CheckAttempt(id, 2, "gpu-2"));

        Assert.Equal((true, null), (current.Message.Current, current.Message.Reason));
        Assert.Equal((false, "the build is on attempt 2, on gpu-2"), (stale.Message.Current, stale.Message.Reason));
        Assert.Equal((false, "the build was cancelled"), (cancelled.Message.Current, cancelled.Message.Reason));
        await farm.AssertNoFaultsAsync();
    }
}
