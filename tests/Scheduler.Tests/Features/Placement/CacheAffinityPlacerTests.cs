using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Scheduler.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class CacheAffinityPlacerTests
{
    const string BaseDigest = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    static BuildPlan Plan(string code) => new(
    [
        new PlanStep("base", -1, StepKind.Image, "FROM", "FROM localhost:5000/demo/cuda:12.1-runtime") { BaseDigest = BaseDigest },
        new PlanStep("reqs", 0, StepKind.Instruction, "COPY", "COPY requirements.txt ."),
        new PlanStep("torch", 1, StepKind.Instruction, "RUN", "RUN pip install -r requirements.txt"),
        new PlanStep(code, 2, StepKind.Instruction, "COPY", "COPY src/ src/"),
    ]);

    static async Task<Guid> QueuePlannedAsync(SchedulerHarness farm, BuildPlan plan)
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

    static async Task RegisterAsync(SchedulerHarness farm, string id)
    {
        await farm.Bus.Bus.Publish(new AgentRegistered(SchedulerHarness.Agent(id), farm.Clock.GetUtcNow()));
        Assert.True(await farm.Bus.Consumed.Any<AgentRegistered>(x => x.Context.Message.Agent.Id == id));
        await farm.WithDbAsync(db => db.Agents.SingleAsync(a => a.Id == id));
    }

    [Fact]
    public async Task Should_send_a_rebuild_to_the_agent_that_built_its_chain_and_keep_every_verdict()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        await RegisterAsync(farm, "gpu-b");
        await farm.WithDbAsync(async db =>
        {
            foreach (var key in new[] { "base", "reqs", "torch", BaseDigest })
                db.AgentCacheKeys.Add(new AgentCacheKey { AgentId = "gpu-b", Key = key, LastUsedAt = farm.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });

        var id = await QueuePlannedAsync(farm, Plan("code-v2"));

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Equal("gpu-b", build.AgentId);
        Assert.True(await farm.Bus.Sent.Any<StartBuild>(s => s.Context.Message.BuildId == id && s.Context.Message.Commit == new string('a', 40)));
        var verdicts = JsonSerializer.Deserialize<List<CandidateVerdict>>(build.CandidatesJson!, JsonSerializerOptions.Web)!;
        Assert.Equal(["gpu-a", "gpu-b"], verdicts.Select(v => v.AgentId).Order());
        Assert.True(verdicts.Single(v => v.AgentId == "gpu-b").SecondsSaved > verdicts.Single(v => v.AgentId == "gpu-a").SecondsSaved);
        Assert.True(build.PredictedCachedSteps > 0);
    }

    [Fact]
    public async Task Should_record_the_chain_as_held_by_the_agent_once_the_build_succeeds()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await RegisterAsync(farm, "gpu-a");
        var id = await QueuePlannedAsync(farm, Plan("code-v1"));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");

        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-a", BuildOutcome.Succeeded, "sha256:img", 1, 100, 0, 3, null, null, farm.Clock.GetUtcNow()));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");

        var held = await farm.WithDbAsync(db => db.AgentCacheKeys.Where(k => k.AgentId == "gpu-a").Select(k => k.Key).ToListAsync());
        Assert.Equal(new[] { "base", "code-v1", "reqs", "torch", BaseDigest }.Order(), held.Order());
    }
}
