using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class CacheAffinityPlacerTests
{
    const string BaseDigest = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    internal static BuildPlan Plan(string code, string torch = "torch") => new(
    [
        new PlanStep("base", -1, StepKind.Image, "FROM", "FROM localhost:5000/demo/cuda:12.1-runtime") { BaseDigest = BaseDigest, Stage = "stage-0", Vertex = 1 },
        new PlanStep("reqs", 0, StepKind.Instruction, "COPY", "COPY requirements.txt .") { Stage = "stage-0", StepInStage = 1, Vertex = 2 },
        new PlanStep(torch, 1, StepKind.Instruction, "RUN", "RUN pip install -r requirements.txt") { Stage = "stage-0", StepInStage = 2, Vertex = 3 },
        new PlanStep(code, 2, StepKind.Instruction, "COPY", "COPY src/ src/") { Stage = "stage-0", StepInStage = 3, Vertex = 4 },
    ]);

    internal static async Task<Guid> QueuePlannedAsync(SchedulerHarness farm, BuildPlan plan)
    {
        var id = Guid.NewGuid();
        await farm.WithDbAsync(async db =>
        {
            db.Builds.Add(new Build
            {
                Id = id, Repository = "https://git.example/ml/trainer.git", Ref = "main", Status = BuildStatus.Queued,
                QueuedAt = farm.Clock.GetUtcNow(), Dispatched = true, Commit = new string('a', 40),
                PlanJson = JsonSerializer.Serialize(plan, JsonSerializerOptions.Web),
            });
            return await db.SaveChangesAsync();
        });
        await farm.Bus.Bus.Publish(new BuildRequested(id, SchedulerHarness.Spec, farm.Clock.GetUtcNow()));
        return id;
    }

    /// <summary>Puts the chain of <see cref="Plan"/> up to its pip install (and its base) in an agent's inventory.</summary>
    internal static Task WarmAsync(SchedulerHarness farm, string agentId) => farm.WithDbAsync(async db =>
    {
        foreach (var key in new[] { "base", "reqs", "torch", BaseDigest })
            db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = agentId, Key = key });
        return await db.SaveChangesAsync();
    });

    internal static Task RegisterAsync(SchedulerHarness farm, string id, int capacity = 1) =>
        farm.RegisterAsync(SchedulerHarness.Agent(id, capacity));

    [Fact]
    public async Task Should_send_a_rebuild_to_the_agent_that_built_its_chain_and_keep_every_verdict()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        await RegisterAsync(farm, "gpu-b");
        await WarmAsync(farm, "gpu-b");

        var id = await QueuePlannedAsync(farm, Plan("code-v2"));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Equal("gpu-b", build.AgentId);
        Assert.True(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == id && s.Context.Message.Commit == new string('a', 40)));
        // The agent gets the chain named as BuildKit names its steps, to tag each step with its key.
        var start = farm.Bus.Sent.Select<StartBuild>(s => s.Context.Message.BuildId == id).Single().Context.Message;
        Assert.Equal(
            [new StepKey("stage-0", 0, 1, "base"), new("stage-0", 1, 2, "reqs"), new("stage-0", 2, 3, "torch"), new("stage-0", 3, 4, "code-v2")],
            start.Keys!);
        var verdicts = JsonSerializer.Deserialize<List<CandidateVerdict>>(build.CandidatesJson!, JsonSerializerOptions.Web)!;
        Assert.Equal(["gpu-a", "gpu-b"], verdicts.Select(v => v.AgentId).Order());
        Assert.True(verdicts.Single(v => v.AgentId == "gpu-b").SecondsSaved > verdicts.Single(v => v.AgentId == "gpu-a").SecondsSaved);
        Assert.True(build.PredictedCachedSteps > 0);
        Assert.Equal(["reqs", "torch"], JsonSerializer.Deserialize<List<string>>(build.PredictedKeysJson!)!);
    }

    [Fact]
    public async Task Should_keep_a_build_for_the_full_warm_agent_and_send_it_there_once_it_has_room()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var (ahead, fourth) = await FillWarmAgentAsync(farm);

        var held = await farm.WaitForAsync(fourth, b => b.WaitingReason is not null, "explained");
        Assert.Equal(BuildStatus.Queued, held.Status);
        Assert.StartsWith("waiting for warm, busy (3/1 builds, 2 queued, the cap is 2): 2/3 steps cached", held.WaitingReason);
        Assert.Contains("sooner there than on cold, the best agent free now", held.WaitingReason);

        await farm.Bus.Bus.Publish(new BuildFinished(ahead[0], 1, "warm", BuildOutcome.Succeeded, "sha256:x", 1, 2000, 3, 3, null, null, farm.Clock.GetUtcNow()));

        var placed = await farm.WaitForAsync(fourth, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Equal("warm", placed.AgentId);
    }

    [Fact]
    public async Task Should_take_the_queue_cap_and_hold_margin_from_the_sites_settings()
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Scheduler:MaxQueuedPerAgent"] = "1",
            ["Scheduler:HoldMarginSeconds"] = "100000",
        });
        await RegisterAsync(farm, "cold");
        await RegisterAsync(farm, "warm");
        await WarmAsync(farm, "warm");
        for (var i = 0; i < 2; i++)
        {
            var ahead = await QueuePlannedAsync(farm, Plan($"code-v{i}"));
            Assert.Equal("warm", (await farm.WaitForAsync(ahead, b => b.Status == BuildStatus.Assigned, "assigned")).AgentId);
        }

        // Cap 1: the warm agent holds one build running and one queued; no margin is met, so the third starts cold.
        var third = await QueuePlannedAsync(farm, Plan("code-v2"));

        Assert.Equal("cold", (await farm.WaitForAsync(third, b => b.Status == BuildStatus.Assigned, "assigned")).AgentId);
    }

    [Theory]
    [InlineData("Scheduler:MaxQueuedPerAgent", "-1", "Scheduler:MaxQueuedPerAgent must be 0 or more")]
    [InlineData("Scheduler:HoldMarginSeconds", "-5", "Scheduler:HoldMarginSeconds must be 0 or more")]
    public async Task Should_refuse_a_negative_queue_cap_or_hold_margin_with_the_setting_named(string key, string value, string message)
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => farm.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value);

        Assert.Contains(message, refused.Failures);
    }

    // Three code-only rebuilds fill the warm agent (one slot, a queue of two), each a few seconds of work there; a
    // fourth is queued behind them. Returns the three and the fourth.
    static async Task<(List<Guid> Ahead, Guid Fourth)> FillWarmAgentAsync(SchedulerHarness farm)
    {
        await RegisterAsync(farm, "cold");
        await RegisterAsync(farm, "warm");
        await WarmAsync(farm, "warm");
        var ahead = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ahead.Add(await QueuePlannedAsync(farm, Plan($"code-v{i}")));
            Assert.Equal("warm", (await farm.WaitForAsync(ahead[i], b => b.Status == BuildStatus.Assigned, "assigned")).AgentId);
        }

        return (ahead, await QueuePlannedAsync(farm, Plan("code-v3")));
    }
}
