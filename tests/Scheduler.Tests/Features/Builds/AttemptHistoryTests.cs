using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class AttemptHistoryTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

    static Task RegisterAsync(SchedulerHarness farm, string id) => farm.RegisterAsync(SchedulerHarness.Agent(id));

    static StepCompleted Completed(Guid id, int attempt, int index) =>
        new(id, attempt, index, null, $"RUN step {index}", T0, T0.AddSeconds(2), false, null);

    [Fact]
    public async Task Should_keep_the_first_attempts_steps_and_log_with_its_agent_when_the_build_is_requeued()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "on gpu-1");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(Completed(id, 1, 0));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 1, null, "RUN pip install -r requirements.txt", T0));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 0, ["Collecting torch==2.3.0"]));
        await farm.WaitForAsync(id, b => b.Steps.Count == 2 && b.LogBytes > 0, "with two steps and a log");

        await farm.PassAsync(TimeSpan.FromSeconds(20));
        await RegisterAsync(farm, "gpu-2");
        await farm.PassAsync(TimeSpan.FromSeconds(11));
        await farm.WaitForAsync(id, b => b.Attempt == 2 && b.AgentId == "gpu-2", "moved to gpu-2");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 2, "gpu-2", farm.Clock.GetUtcNow()));
        await farm.Bus.Bus.Publish(Completed(id, 2, 0));

        var build = await farm.WaitForAsync(id, b => b.Steps.Count(s => s.Attempt == 2) == 1, "with a step of attempt 2");
        var first = build.Steps.Where(s => s.Attempt == 1).OrderBy(s => s.Index).ToList();
        Assert.Equal([(0, "gpu-1", StepStatus.Done), (1, "gpu-1", StepStatus.Lost)], first.Select(s => (s.Index, s.AgentId, s.Status)));
        Assert.Equal("gpu-2", Assert.Single(build.Steps, s => s.Attempt == 2).AgentId);
        var attempts = build.Attempts.OrderBy(a => a.Number).ToList();
        Assert.Equal([(1, "gpu-1", AttemptOutcome.Lost), (2, "gpu-2", AttemptOutcome.Running)],
            attempts.Select(a => (a.Number, a.AgentId, a.Outcome)));
        Assert.Equal("gpu-1 went silent: no heartbeat received for 31 s while the scheduler could receive them", attempts[0].Reason);
        Assert.Equal(T0.AddSeconds(31), attempts[0].EndedAt);
        Assert.Equal("Collecting torch==2.3.0", Assert.Single(await farm.ChunksAsync(id)).Text);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_record_how_and_when_an_attempt_ended()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-1");
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", T0.AddSeconds(1)));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 2, null, "RUN exit 3", T0.AddSeconds(2)));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Failed, null, null, 4000, 0, 2, "exit code: 3", 2, T0.AddSeconds(5)));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Failed, "failed");
        var attempt = Assert.Single(build.Attempts);
        Assert.Equal((AttemptOutcome.Failed, "exit code: 3", "gpu-1"), (attempt.Outcome, attempt.Reason, attempt.AgentId));
        Assert.Equal((T0.AddSeconds(1), T0.AddSeconds(5)), (attempt.StartedAt, attempt.EndedAt));
        Assert.Equal(StepStatus.Failed, Assert.Single(build.Steps).Status);
        await farm.AssertNoFaultsAsync();
    }
}
