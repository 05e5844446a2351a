using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static BuildFarm.Scheduler.Tests.Features.Placement.PlacementConstraintTests;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class QueueTimeoutTests
{
    const string Waiting = "only gpu-2 (offline) has labels gpu=a100; gpu-1: lacks label gpu=a100";

    static readonly Dictionary<string, string> A100 = new() { ["gpu"] = "a100" };

    /// <summary>gpu-2, the only agent with gpu=a100, goes offline; gpu-1 (gpu=t4) stays.</summary>
    static async Task OnlyA100OfflineAsync(SchedulerHarness farm)
    {
        await RegisterAsync(farm, Labelled("gpu-2", "a100"));
        await farm.PassAsync(TimeSpan.FromSeconds(20));
        await RegisterAsync(farm, Labelled("gpu-1", "t4"));
        await farm.PassAsync(TimeSpan.FromSeconds(11));
        Assert.Equal("offline", (await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == "gpu-2"))).Status);
    }

    static Task PassAsync(SchedulerHarness farm) => farm.Services.GetRequiredService<Placer>().PlaceQueuedAsync(CancellationToken.None);

    [Fact]
    public async Task Should_keep_a_build_only_an_offline_agent_can_run_waiting_with_the_reason_then_fail_it_after_max_queue_minutes()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await OnlyA100OfflineAsync(farm);

        var id = await QueueAsync(farm, plan: null, labels: A100);
        await farm.WaitForAsync(id, b => b.WaitingReason == Waiting, "waiting for gpu-2");

        farm.Clock.Advance(TimeSpan.FromMinutes(1439));
        await PassAsync(farm);
        Assert.Equal(BuildStatus.Queued, (await farm.BuildAsync(id)).Status);

        farm.Clock.Advance(TimeSpan.FromMinutes(1));
        await PassAsync(farm);

        var failed = await farm.BuildAsync(id);
        Assert.Equal(BuildStatus.Failed, failed.Status);
        Assert.Equal($"waited 24 h: {Waiting}", failed.Error);
        Assert.Null(failed.WaitingReason);
        Assert.Equal(farm.Clock.GetUtcNow(), failed.FinishedAt);
        Assert.Contains(failed.Events, e => e.Status == BuildStatus.Failed && e.Message == failed.Error);
        Assert.False(await farm.Bus.Published.Any<Fault<BuildRequested>>());
    }

    [Fact]
    public async Task Should_count_the_wait_from_when_the_build_last_entered_the_queue()
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:MaxQueueMinutes"] = "90" });
        await OnlyA100OfflineAsync(farm);
        var id = await QueueAsync(farm, plan: null, labels: A100);
        await farm.WaitForAsync(id, b => b.WaitingReason == Waiting, "waiting for gpu-2");
        // Queued two hours ago by its first submit, requeued (its agent vanished) an hour ago.
        farm.Clock.Advance(TimeSpan.FromMinutes(60));
        await farm.WithDbAsync(async db =>
        {
            db.BuildEvents.Add(new BuildFarm.Data.BuildEvent { BuildId = id, At = farm.Clock.GetUtcNow(), Status = BuildStatus.Queued, Message = "Requeued" });
            return await db.SaveChangesAsync();
        });
        farm.Clock.Advance(TimeSpan.FromMinutes(60));

        await PassAsync(farm);
        Assert.Equal(BuildStatus.Queued, (await farm.BuildAsync(id)).Status);

        farm.Clock.Advance(TimeSpan.FromMinutes(30));
        await PassAsync(farm);
        Assert.Equal($"waited 90 min: {Waiting}", (await farm.BuildAsync(id)).Error);
    }

    [Fact]
    public async Task Should_refuse_a_max_queue_time_that_is_not_positive()
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:MaxQueueMinutes"] = "0" });

        var refused = Assert.Throws<OptionsValidationException>(() => farm.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value);

        Assert.Contains("Scheduler:MaxQueueMinutes must be more than 0", refused.Failures);
    }
}
