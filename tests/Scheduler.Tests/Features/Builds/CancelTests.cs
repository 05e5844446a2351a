using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class CancelTests
{
    [Fact]
    public async Task Should_cancel_a_queued_build_at_once()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.WaitingReason is not null, "waiting");

        await farm.Bus.Bus.Publish(new BuildCancelRequested(id, farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Cancelled, "cancelled");
        Assert.NotNull(build.FinishedAt);
    }

    [Fact]
    public async Task Should_ask_the_agent_running_the_build_to_stop_it()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");

        await farm.Bus.Bus.Publish(new BuildCancelRequested(id, farm.Clock.GetUtcNow()));

        Assert.True(await farm.Bus.Sent.Any<CancelBuild>(s => s.Context.Message.BuildId == id && s.Context.Message.Attempt == 1));
        var build = await farm.WaitForAsync(id, b => b.CancelRequested, "marked for cancel");
        Assert.Equal(BuildStatus.Assigned, build.Status);
    }

    [Fact]
    public async Task Should_not_place_a_build_cancelled_before_its_request_arrived()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = Guid.NewGuid();
        await farm.WithDbAsync(async db =>
        {
            db.Builds.Add(new BuildFarm.Data.Build
            {
                Id = id, Repository = "https://git.example/r.git", Ref = "main", Status = BuildStatus.Queued,
                QueuedAt = farm.Clock.GetUtcNow(), CancelRequested = true,
            });
            return await db.SaveChangesAsync();
        });

        await farm.Bus.Bus.Publish(new BuildRequested(id, SchedulerHarness.Spec, farm.Clock.GetUtcNow()));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Cancelled, "cancelled");
        Assert.Null(build.AgentId);
        Assert.False(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == id));
    }
}
