using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;
using static BuildFarm.Scheduler.Tests.Features.Placement.CacheAffinityPlacerTests;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class PlacementPolicyTests
{
    [Fact]
    public async Task Should_rotate_builds_over_the_agents_when_the_site_asks_for_round_robin_even_against_the_cache()
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:Placement"] = "RoundRobin" });
        foreach (var agent in new[] { "a", "b", "c" })
            await RegisterAsync(farm, agent, capacity: 4);
        await farm.WithDbAsync(async db =>
        {
            foreach (var key in new[] { "base", "reqs", "torch" })
                db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = "c", Key = key });
            return await db.SaveChangesAsync();
        });

        var chosen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await QueuePlannedAsync(farm, Plan($"code-{i}"));
            chosen.Add((await farm.WaitForAsync(id, b => b.Status == "assigned", "assigned")).AgentId!);
        }

        Assert.Equal(["a", "b", "c", "a"], chosen);
    }

    [Fact]
    public async Task Should_charge_a_build_the_predicted_time_of_the_build_ahead_of_it_on_a_busy_agent()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "warm");
        await RegisterAsync(farm, "cold");
        await WarmAsync(farm, "warm");
        var first = await QueuePlannedAsync(farm, Plan("code-1"));
        var firstBuild = await farm.WaitForAsync(first, b => b.Status == "assigned", "assigned");
        Assert.Equal("warm", firstBuild.AgentId);

        // The second build of the same chain queues on warm behind the first, which is predicted to take
        // firstBuild.PredictedSeconds; placement charges exactly that, not a flat guess.
        var second = await QueuePlannedAsync(farm, Plan("code-2"));
        var secondBuild = await farm.WaitForAsync(second, b => b.Status == "assigned", "assigned");
        var verdicts = JsonSerializer.Deserialize<List<CandidateVerdict>>(secondBuild.CandidatesJson!, JsonSerializerOptions.Web)!;
        var warm = verdicts.Single(v => v.AgentId == "warm");
        Assert.NotNull(firstBuild.PredictedSeconds);
        Assert.Equal(firstBuild.PredictedSeconds!.Value, warm.QueueWaitSeconds, 3);
    }

    [Fact]
    public async Task Should_count_a_build_running_past_its_prediction_as_busy_for_as_long_again_as_it_has_overrun()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "warm");
        await RegisterAsync(farm, "cold");
        await WarmAsync(farm, "warm");
        var first = await QueuePlannedAsync(farm, Plan("code-1"));
        var predicted = (await farm.WaitForAsync(first, b => b.Status == "assigned", "assigned")).PredictedSeconds!.Value;
        await farm.Bus.Bus.Publish(new BuildStarted(first, 1, "warm", farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(first, b => b.Status == "running", "running");

        // Predicted to take seconds, still running ten minutes past that: warm is no longer about to be free.
        farm.Clock.Advance(TimeSpan.FromSeconds(predicted + 600));
        var second = await QueuePlannedAsync(farm, Plan("code-2"));

        var build = await farm.WaitForAsync(second, b => b.Status == "assigned", "assigned");
        var warm = JsonSerializer.Deserialize<List<CandidateVerdict>>(build.CandidatesJson!, JsonSerializerOptions.Web)!.Single(v => v.AgentId == "warm");
        Assert.Equal(600, warm.QueueWaitSeconds, 3);
        Assert.Equal("cold", build.AgentId);
    }

    [Fact]
    public async Task Should_estimate_a_step_from_what_the_same_key_took_before()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var now = farm.Clock.GetUtcNow();
        // torch-v9 took 20 minutes when it last ran, far from the 5-minute default for a pip install.
        var earlier = await QueuePlannedAsync(farm, Plan("code-0", torch: "torch-v9"));
        await farm.WaitForAsync(earlier, b => b.Status == "assigned", "assigned");
        await farm.Bus.Bus.Publish(new StepCompleted(earlier, 1, 2, null, "RUN pip install -r requirements.txt", now, now.AddMinutes(20), false, null, "torch-v9"));
        await farm.Bus.Bus.Publish(new BuildFinished(earlier, 1, "gpu-a", BuildOutcome.Succeeded, "sha256:i", 1, 1, 0, 3, null, null, now));
        await farm.WaitForAsync(earlier, b => b.Status == "succeeded", "succeeded");
        await farm.Bus.Bus.Publish(new AgentCacheReported("gpu-a", earlier, false, ["base", "reqs", "torch-v9"], [], 0, null, now));
        Assert.True(await farm.ConsumedAsync<AgentCacheReported>());
        await farm.WithDbAsync(db => db.AgentCacheKeys.SingleAsync(k => k.Key == "torch-v9"));

        var next = await QueuePlannedAsync(farm, Plan("code-1", torch: "torch-v9"));
        var build = await farm.WaitForAsync(next, b => b.Status == "assigned", "assigned");
        var verdict = JsonSerializer.Deserialize<List<CandidateVerdict>>(build.CandidatesJson!, JsonSerializerOptions.Web)!.Single();
        // Saved: the COPY default (2 s) plus the measured 1200 s of torch-v9.
        Assert.Equal(1202, verdict.SecondsSaved, 3);
    }
}
