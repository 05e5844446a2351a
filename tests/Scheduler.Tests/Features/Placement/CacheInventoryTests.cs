using BuildFarm.Contracts;
using Microsoft.EntityFrameworkCore;
using static BuildFarm.Scheduler.Tests.Features.Placement.CacheAffinityPlacerTests;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class CacheInventoryTests
{
    static Task<List<string>> HeldAsync(SchedulerHarness farm, string agent) =>
        farm.WithDbAsync(db => db.AgentCacheKeys.Where(k => k.AgentId == agent).Select(k => k.Key).OrderBy(k => k).ToListAsync());

    static async Task ReportAsync(SchedulerHarness farm, AgentCacheReported report)
    {
        await farm.Bus.Bus.Publish(report);
        // Messages cross the in-memory transport serialized: match on content, not reference.
        Assert.True(await farm.ConsumedAsync<AgentCacheReported>(m => m.Complete == report.Complete
            && m.Held.SequenceEqual(report.Held) && m.Dropped.SequenceEqual(report.Dropped)));
    }

    [Fact]
    public async Task Should_mirror_what_the_agent_reports_holding_and_dropping()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var now = farm.Clock.GetUtcNow();

        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["k1", "k2", "k3"], [], 3_000, 10_000, now));
        Assert.Equal(["k1", "k2", "k3"], await HeldAsync(farm, "gpu-a"));

        // After a build: one key used, two pruned for the budget.
        await ReportAsync(farm, new AgentCacheReported("gpu-a", Guid.NewGuid(), false, ["k4"], ["k1", "k2"], 9_000, 10_000, now));
        Assert.Equal(["k3", "k4"], await HeldAsync(farm, "gpu-a"));
        var agent = await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == "gpu-a"));
        Assert.Equal(9_000, agent.CacheBytes);
        Assert.Equal(10_000, agent.CacheBudgetBytes);
        Assert.Equal(2, agent.CacheKeysDropped);
        Assert.Equal(2, agent.CacheKeyCount);

        // A restarted agent sends its whole inventory: whatever the mirror had beyond it is gone.
        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["k4"], [], 1_000, 10_000, now));
        Assert.Equal(["k4"], await HeldAsync(farm, "gpu-a"));
    }

    [Fact]
    public async Task Should_remember_when_each_key_was_pruned_so_a_later_miss_can_say_so()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var start = farm.Clock.GetUtcNow();
        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["k1", "k2", "k3"], [], 3_000, 10_000, start));

        await ReportAsync(farm, new AgentCacheReported("gpu-a", Guid.NewGuid(), false, ["k4"], ["k1"], 9_000, 10_000, start.AddHours(1)));
        // Restarted without k2: pruned while the farm was not told, so dropped by the time of this report.
        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["k3", "k4"], [], 1_000, 10_000, start.AddHours(2)));

        var drops = await farm.WithDbAsync(db => db.AgentCacheDrops.Where(d => d.AgentId == "gpu-a").OrderBy(d => d.Key)
            .Select(d => new { d.Key, d.DroppedAt }).ToListAsync());
        Assert.Equal([new { Key = "k1", DroppedAt = start.AddHours(1) }, new { Key = "k2", DroppedAt = start.AddHours(2) }], drops);
    }

    [Fact]
    public async Task Should_count_keys_dropped_once_when_the_same_report_is_delivered_twice()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var now = farm.Clock.GetUtcNow();
        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["k1", "k2", "k3"], [], 3_000, 10_000, now));
        var report = new AgentCacheReported("gpu-a", Guid.NewGuid(), false, ["k4"], ["k1", "k2"], 9_000, 10_000, now);

        // Delivered at least once: the broker may hand the same report over again.
        await ReportAsync(farm, report);
        await farm.Bus.Bus.Publish(report);
        // Reports are applied in order on one queue, so once this one is in, the repeat was applied before it.
        await ReportAsync(farm, new AgentCacheReported("gpu-a", Guid.NewGuid(), false, ["k5"], [], 9_000, 10_000, now));

        Assert.Equal(["k3", "k4", "k5"], await HeldAsync(farm, "gpu-a"));
        Assert.Equal(2, (await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == "gpu-a"))).CacheKeysDropped);
    }

    [Fact]
    public async Task Should_score_the_prediction_and_correct_the_mirror_where_the_build_proved_it_wrong()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var now = farm.Clock.GetUtcNow();
        // The farm believes gpu-a holds the whole chain up to torch; really it lost torch (pruned behind its back)
        // and still holds the code step of an earlier build that the mirror never heard of.
        await ReportAsync(farm, new AgentCacheReported("gpu-a", null, true, ["base", "reqs", "torch", BaseDigestKey], [], 0, null, now));
        var id = await QueuePlannedAsync(farm, Plan("code-v1"));
        var build = await farm.WaitForAsync(id, b => b.Status == "assigned", "assigned");
        Assert.Equal("[\"reqs\",\"torch\"]", build.PredictedKeysJson);

        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-a", now));
        await farm.Bus.Bus.Publish(Step(id, 0, "FROM localhost:5000/demo/cuda:12.1-runtime", "base", cached: true, now));
        await farm.Bus.Bus.Publish(Step(id, 1, "COPY requirements.txt .", "reqs", cached: true, now));
        await farm.Bus.Bus.Publish(Step(id, 2, "RUN pip install -r requirements.txt", "torch", cached: false, now, error: "exit code: 1"));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-a", BuildOutcome.Failed, null, null, 100, 1, 3, "exit code: 1", 2, now));
        build = await farm.WaitForAsync(id, b => b.Status == "failed", "failed");

        Assert.Equal(1, build.PredictionHits);       // reqs
        Assert.Equal(1, build.PredictionFalseHits);  // torch ran: the mirror was wrong
        Assert.Equal(0, build.PredictionMisses);
        Assert.Equal(["base", "reqs", BaseDigestKey], await HeldAsync(farm, "gpu-a"));
        Assert.Equal(3, (await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == "gpu-a"))).CacheKeyCount);
    }

    [Fact]
    public async Task Should_count_a_step_found_cached_without_being_predicted_as_a_miss_and_learn_the_key()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var now = farm.Clock.GetUtcNow();
        var id = await QueuePlannedAsync(farm, Plan("code-v1"));
        await farm.WaitForAsync(id, b => b.Status == "assigned", "assigned");

        await farm.Bus.Bus.Publish(Step(id, 1, "COPY requirements.txt .", "reqs", cached: true, now));
        await farm.Bus.Bus.Publish(Step(id, 2, "RUN pip install -r requirements.txt", "torch", cached: false, now));
        await farm.Bus.Bus.Publish(Step(id, 3, "COPY src/ src/", "code-v1", cached: false, now));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-a", BuildOutcome.Succeeded, "sha256:img", 1, 100, 1, 3, null, null, now));
        var build = await farm.WaitForAsync(id, b => b.Status == "succeeded", "succeeded");

        Assert.Equal((0, 0, 1), (build.PredictionHits, build.PredictionFalseHits, build.PredictionMisses));
        Assert.Contains("reqs", await HeldAsync(farm, "gpu-a"));
    }

    [Fact]
    public async Task Should_hold_the_whole_chain_on_the_agent_as_soon_as_the_build_succeeds_without_waiting_for_its_report()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var id = await QueuePlannedAsync(farm, Plan("code-v1"));
        await farm.WaitForAsync(id, b => b.Status == "assigned", "assigned");

        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-a", BuildOutcome.Succeeded, "sha256:img", 1, 100, 0, 3, null, null, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == "succeeded", "succeeded");

        Assert.Equal(new[] { "base", "code-v1", "reqs", "torch", BaseDigestKey }.Order(StringComparer.Ordinal), await HeldAsync(farm, "gpu-a"));
    }

    const string BaseDigestKey = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    static StepCompleted Step(Guid id, int index, string instruction, string key, bool cached, DateTimeOffset at, string? error = null) =>
        new(id, 1, index, null, instruction, at, at.AddSeconds(cached ? 0 : 30), cached, error, key);
}
