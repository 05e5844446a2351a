using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

/// <summary>A pass decides the queue's head while an agent has room, the builds that need an answer whatever the room,
/// and the whole queue every <see cref="WaitingBuilds.FiguresRefresh"/> or when an agent's standing changes.</summary>
public class QueueReachTests
{
    const string Stale = "a reason no pass would write";

    // Least-loaded placement allows no queue on an agent: a busy agent of capacity 1 leaves no room at all.
    static Task<SchedulerHarness> FarmAsync() =>
        SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:Placement"] = "LeastLoaded" });

    static Task PassAsync(SchedulerHarness farm) => farm.Services.GetRequiredService<Placer>().PlaceQueuedAsync(CancellationToken.None);

    /// <summary>One agent busy with a build, and <paramref name="count"/> builds waiting behind it, each told why.</summary>
    static async Task<List<Guid>> FullFarmAsync(SchedulerHarness farm, int count)
    {
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var running = await farm.QueueAsync();
        await farm.WaitForAsync(running, b => b.Status == BuildStatus.Assigned, "assigned");
        var waiting = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            waiting.Add(await farm.QueueAsync());
            farm.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        foreach (var id in waiting)
            await farm.WaitForAsync(id, b => b.WaitingReason is not null, "told why it waits");
        return waiting;
    }

    static Task SetReasonAsync(SchedulerHarness farm, Guid id, string reason) =>
        farm.WithDbAsync(db => db.Builds.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.WaitingReason, reason)));

    [Fact]
    public async Task Should_leave_waiting_builds_undecided_while_no_agent_has_room_and_decide_them_all_once_the_refresh_has_passed()
    {
        await using var farm = await FarmAsync();
        var waiting = await FullFarmAsync(farm, 3);
        await PassAsync(farm);
        foreach (var id in waiting)
            await SetReasonAsync(farm, id, Stale);

        await PassAsync(farm);
        Assert.All(waiting, id => Assert.Equal(Stale, farm.BuildAsync(id).Result.WaitingReason));

        farm.Clock.Advance(WaitingBuilds.FiguresRefresh);
        await PassAsync(farm);
        foreach (var id in waiting)
            Assert.Equal("no agent can take this build — gpu-1: busy (1/1 builds)", (await farm.BuildAsync(id)).WaitingReason);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_decide_the_whole_queue_at_once_when_an_agent_is_drained_even_with_no_room_anywhere()
    {
        await using var farm = await FarmAsync();
        var waiting = await FullFarmAsync(farm, 2);
        await PassAsync(farm);
        await SetReasonAsync(farm, waiting[^1], Stale);

        await farm.WithDbAsync(db => db.Agents.ExecuteUpdateAsync(s => s.SetProperty(a => a.Admission, AgentAdmission.Draining)));
        await PassAsync(farm);

        Assert.Contains("gpu-1: draining", (await farm.BuildAsync(waiting[^1])).WaitingReason);
    }

    [Fact]
    public async Task Should_answer_a_build_queued_or_cancelled_while_no_agent_has_room()
    {
        await using var farm = await FarmAsync();
        var waiting = await FullFarmAsync(farm, 2);
        await PassAsync(farm);
        await farm.WithDbAsync(db => db.Builds.Where(b => b.Id == waiting[0]).ExecuteUpdateAsync(s => s.SetProperty(b => b.CancelRequested, true)));

        var late = await farm.QueueAsync();
        await PassAsync(farm);

        Assert.Equal("no agent can take this build — gpu-1: busy (1/1 builds)", (await farm.BuildAsync(late)).WaitingReason);
        Assert.Equal(BuildStatus.Cancelled, (await farm.BuildAsync(waiting[0])).Status);
    }

    [Fact]
    public async Task Should_read_past_a_head_that_no_free_agent_can_take_to_the_first_build_that_one_can()
    {
        await using var farm = await FarmAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("cpu-1"));
        var head = new List<Guid>();
        for (var i = 0; i < QueueReach.HeadPage + 5; i++)
        {
            head.Add(await farm.QueueAsync(b => b.RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100" }));
            farm.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        foreach (var id in head)
            await farm.WaitForAsync(id, b => b.WaitingReason is not null, "told why it waits");
        var behind = await farm.WithDbAsync(async db =>
        {
            var build = new Build
            {
                Id = Guid.NewGuid(), Repository = "https://git.example/ml/trainer.git", Ref = "main", QueuedAt = farm.Clock.GetUtcNow(),
                Status = BuildStatus.Queued, Dispatched = true, WaitingReason = "stored before any pass saw it",
            };
            db.Builds.Add(build);
            await db.SaveChangesAsync();
            return build.Id;
        });

        await PassAsync(farm);

        var placed = await farm.BuildAsync(behind);
        Assert.Equal((BuildStatus.Assigned, "cpu-1"), (placed.Status, placed.AgentId));
        Assert.All(head, id => Assert.Equal(BuildStatus.Queued, farm.BuildAsync(id).Result.Status));
        await farm.AssertNoFaultsAsync();
    }
}
