using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using static BuildFarm.Scheduler.Tests.Features.Placement.CacheAffinityPlacerTests;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

/// <summary>Whatever the site's placement policy, a build goes only to an agent that meets its requirements. The agent
/// that fails them sorts first by id and is as idle and as cold as the other, so every policy would pick it if it could.</summary>
public class PlacementConstraintTests
{
    public static TheoryData<string> Policies => ["CacheAffinity", "RoundRobin", "LeastLoaded"];

    internal static Task RegisterAsync(SchedulerHarness farm, AgentInfo agent) => farm.RegisterAsync(agent);

    internal static AgentInfo Labelled(string id, string gpu) =>
        SchedulerHarness.Agent(id, capacity: 4) with { Labels = new Dictionary<string, string> { ["gpu"] = gpu } };

    static AgentInfo WithGpu(string id) => SchedulerHarness.Agent(id, capacity: 4) with
    {
        Gpus = [new GpuInfo("NVIDIA A100-SXM4-80GB", "GPU-1", 81920)],
        DriverVersion = "550.54.15",
    };

    /// <summary>Stores a queued build the way Web does (plan, check and labels), then publishes BuildRequested.</summary>
    internal static async Task<Guid> QueueAsync(SchedulerHarness farm, BuildPlan? plan, bool gpuCheck = false, Dictionary<string, string>? labels = null)
    {
        var id = Guid.NewGuid();
        await farm.WithDbAsync(async db =>
        {
            db.Builds.Add(new Build
            {
                Id = id, Repository = "https://git.example/ml/trainer.git", Ref = "main", Status = BuildStatus.Queued,
                QueuedAt = farm.Clock.GetUtcNow(), Dispatched = true, Commit = new string('a', 40),
                PlanJson = plan is null ? null : JsonSerializer.Serialize(plan, JsonSerializerOptions.Web),
                CheckJson = gpuCheck ? JsonSerializer.Serialize(new BuildCheck(["nvidia-smi"], Gpus: true), JsonSerializerOptions.Web) : null,
                RequiredLabels = labels ?? [],
            });
            return await db.SaveChangesAsync();
        });
        await farm.Bus.Bus.Publish(new BuildRequested(id, SchedulerHarness.Spec, farm.Clock.GetUtcNow()));
        return id;
    }

    static async Task<(Build Build, List<CandidateVerdict> Verdicts)> AssignedAsync(SchedulerHarness farm, Guid id)
    {
        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        return (build, JsonSerializer.Deserialize<List<CandidateVerdict>>(build.CandidatesJson!, JsonSerializerOptions.Web)!);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Should_send_a_gpu_check_only_to_an_agent_with_a_gpu_planned_or_not(string policy)
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:Placement"] = policy });
        await RegisterAsync(farm, SchedulerHarness.Agent("a-cpu", capacity: 4));
        await RegisterAsync(farm, WithGpu("z-gpu"));

        var planned = await QueueAsync(farm, Plan("code-1") with { Gpu = new GpuRequirement(new Version(12, 1)) }, gpuCheck: true);
        var unplanned = await QueueAsync(farm, plan: null, gpuCheck: true);

        foreach (var id in new[] { planned, unplanned })
        {
            var (build, verdicts) = await AssignedAsync(farm, id);
            Assert.Equal("z-gpu", build.AgentId);
            Assert.Equal(Rejection.NoGpu, verdicts.Single(v => v.AgentId == "a-cpu").Rejected);
        }
        Assert.False(await farm.Bus.Published.Any<Fault<BuildRequested>>());
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Should_send_a_build_that_requires_labels_only_to_an_agent_that_carries_them(string policy)
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:Placement"] = policy });
        await RegisterAsync(farm, Labelled("a-t4", "t4"));
        await RegisterAsync(farm, Labelled("z-a100", "a100"));
        var a100 = new Dictionary<string, string> { ["gpu"] = "a100" };

        var planned = await QueueAsync(farm, Plan("code-1"), labels: a100);
        var unplanned = await QueueAsync(farm, plan: null, labels: a100);

        foreach (var id in new[] { planned, unplanned })
        {
            var (build, verdicts) = await AssignedAsync(farm, id);
            Assert.Equal("z-a100", build.AgentId);
            Assert.Equal("lacks label gpu=a100", verdicts.Single(v => v.AgentId == "a-t4").Detail);
        }
        Assert.False(await farm.Bus.Published.Any<Fault<BuildRequested>>());
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Should_record_what_the_chosen_agent_is_predicted_to_find_cached_whatever_the_policy(string policy)
    {
        await using var farm = await SchedulerHarness.StartAsync(new Dictionary<string, string?> { ["Scheduler:Placement"] = policy });
        await RegisterAsync(farm, Labelled("gpu-a", "a100"));
        await WarmAsync(farm, "gpu-a");

        var (build, _) = await AssignedAsync(farm, await QueueAsync(farm, Plan("code-1")));

        Assert.Equal(["reqs", "torch"], JsonSerializer.Deserialize<List<string>>(build.PredictedKeysJson!)!);
        Assert.Equal(2, build.PredictedCachedSteps);
        // The code COPY's default, the only step left to run.
        Assert.Equal(StepDurations.CopySeconds, build.PredictedSeconds);
    }
}
