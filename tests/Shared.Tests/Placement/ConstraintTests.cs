using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class ConstraintTests
{
    private static readonly BuildPlan Build = Plan();
    private static readonly BuildPlan GpuCheck = Build with { Gpu = new GpuRequirement(new Version(12, 1)) };

    private static AgentSnapshot Gpu(string id, string? driver, int gpus = 1, string? error = null) =>
        Holding(id, Build, held: 7) with { GpuCount = gpus, DriverVersion = driver, GpuError = error };

    [Fact]
    public void Should_reject_offline_and_engine_down_agents_however_warm()
    {
        var off = Holding("off", Build, held: 7) with { Online = false };
        var down = Holding("down", Build, held: 7) with { DockerError = "connection refused" };

        var decision = BuildPlacement.Place(Cluster(off, down, Agent("cold")), Build);

        Assert.Equal("cold", decision.AgentId);
        Assert.Equal(Rejection.Offline, Verdict(decision, "off").Rejected);
        Assert.Equal(Rejection.EngineDown, Verdict(decision, "down").Rejected);
    }

    [Fact]
    public void Should_reject_pending_revoked_and_draining_agents_however_warm_and_say_why()
    {
        var pending = Holding("pending", Build, held: 7) with { Admission = AgentAdmission.Pending };
        var revoked = Holding("revoked", Build, held: 7) with { Admission = AgentAdmission.Revoked };
        var draining = Holding("draining", Build, held: 7) with { Admission = AgentAdmission.Draining };

        var decision = BuildPlacement.Place(Cluster(pending, revoked, draining, Agent("cold")), Build);

        Assert.Equal("cold", decision.AgentId);
        Assert.Equal(Rejection.NotApproved, Verdict(decision, "pending").Rejected);
        Assert.Equal("not approved (pending): an admin must approve it", Verdict(decision, "pending").Detail);
        Assert.Equal(Rejection.NotApproved, Verdict(decision, "revoked").Rejected);
        Assert.Equal(Rejection.Draining, Verdict(decision, "draining").Rejected);
        Assert.False(Verdict(decision, "pending").Rejected!.Value.IsRequirement());
    }

    [Fact]
    public void Should_reject_an_agent_of_another_platform_and_read_engine_spellings()
    {
        var arm = Agent("arm") with { Platform = "linux/arm64/v8" };
        var amd = Agent("amd") with { Platform = "Linux/x86_64" };

        var decision = BuildPlacement.Place(Cluster(arm, amd), Build);

        Assert.Equal("amd", decision.AgentId);
        Assert.Equal(Rejection.PlatformMismatch, Verdict(decision, "arm").Rejected);
        Assert.Equal("builds for linux/arm64, the build targets linux/amd64", Verdict(decision, "arm").Detail);
    }

    [Fact]
    public void Should_reject_an_agent_missing_a_required_label_or_holding_another_value()
    {
        var build = Build with { RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100", ["zone"] = "eu" } };
        var right = Agent("right") with { Labels = new Dictionary<string, string> { ["gpu"] = "a100", ["zone"] = "eu", ["x"] = "y" } };
        var wrong = Agent("wrong") with { Labels = new Dictionary<string, string> { ["gpu"] = "t4" } };

        var decision = BuildPlacement.Place(Cluster(right, wrong), build);

        Assert.Equal("right", decision.AgentId);
        Assert.Equal(Rejection.LabelsMissing, Verdict(decision, "wrong").Rejected);
        Assert.Equal("lacks label gpu=a100, zone=eu", Verdict(decision, "wrong").Detail);
    }

    [Fact]
    public void Should_place_a_gpu_check_only_on_an_agent_whose_driver_runs_the_images_cuda()
    {
        var decision = BuildPlacement.Place(
            Cluster(Gpu("old", "470.82.01"), Gpu("none", null, gpus: 0), Gpu("broken", "535.1", error: "NVIDIA-SMI has failed"),
                Agent("fit") with { GpuCount = 2, DriverVersion = "535.104.05" }),
            GpuCheck);

        Assert.Equal("fit", decision.AgentId);
        Assert.Equal(Rejection.DriverTooOld, Verdict(decision, "old").Rejected);
        Assert.Equal("driver 470.82.01 cannot run CUDA 12.1 (needs ≥ 525.60.13)", Verdict(decision, "old").Detail);
        Assert.Equal(Rejection.NoGpu, Verdict(decision, "none").Rejected);
        Assert.Equal("GPUs unavailable: NVIDIA-SMI has failed", Verdict(decision, "broken").Detail);
    }

    [Fact]
    public void Should_ignore_gpus_for_builds_without_a_gpu_check()
    {
        Assert.Equal("old", BuildPlacement.Place(Cluster(Gpu("old", "470.82.01", gpus: 0)), Build).AgentId);
    }

    [Fact]
    public void Should_accept_any_working_gpu_when_the_cuda_version_is_unknown()
    {
        var unknownCuda = Build with { Gpu = new GpuRequirement(null) };

        Assert.Equal("old", BuildPlacement.Place(Cluster(Gpu("old", "470.82.01")), unknownCuda).AgentId);
    }

    [Fact]
    public void Should_reject_an_unreadable_driver_when_the_cuda_version_needs_a_minimum()
    {
        var decision = BuildPlacement.Place(Cluster(Gpu("odd", null)), GpuCheck);

        Assert.Equal(Rejection.DriverTooOld, Verdict(decision, "odd").Rejected);
        Assert.Equal("driver version unknown, CUDA 12.1 needs ≥ 525.60.13", Verdict(decision, "odd").Detail);
    }

    [Fact]
    public void Should_name_what_an_offline_agent_lacks_rather_than_that_it_is_offline()
    {
        var decision = BuildPlacement.Place(Cluster(Agent("a") with { Online = false }), GpuCheck);

        Assert.Equal(Rejection.NoGpu, Verdict(decision, "a").Rejected);
    }

    [Fact]
    public void Should_wait_and_list_every_agents_rejection_when_none_meets_the_requirements()
    {
        var decision = BuildPlacement.Place(
            Cluster(Agent("a") with { Online = false }, Gpu("b", "470.82.01"), Agent("c") with { Platform = "linux/arm64" }), GpuCheck);

        Assert.Null(decision.AgentId);
        Assert.Null(decision.Chosen);
        Assert.Equal(
            "no registered agent has platform linux/amd64 and a working GPU whose driver runs CUDA 12.1 — a: no GPU; "
            + "b: driver 470.82.01 cannot run CUDA 12.1 (needs ≥ 525.60.13); c: builds for linux/arm64, the build targets linux/amd64",
            decision.Reason);
    }

    [Fact]
    public void Should_lead_with_the_agents_that_meet_the_requirements_when_only_their_state_keeps_the_build_waiting()
    {
        var build = Build with { RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100" } };
        var decision = BuildPlacement.Place(
            Cluster(Agent("gpu-1") with { Labels = new Dictionary<string, string> { ["gpu"] = "t4" } },
                Agent("gpu-2") with { Online = false, Labels = new Dictionary<string, string> { ["gpu"] = "a100" } }),
            build);

        Assert.Equal("only gpu-2 (offline) has labels gpu=a100; gpu-1: lacks label gpu=a100", decision.Reason);
    }

    [Fact]
    public void Should_count_the_rest_by_rejection_when_many_agents_wait()
    {
        var agents = Enumerable.Range(0, 25).Select(i => Agent($"a{i:00}", running: 3) with { Online = i % 2 == 0 }).ToArray();

        var decision = BuildPlacement.Place(Cluster(agents), Build);

        Assert.EndsWith("; and 5 more (2 Offline, 3 NoFreeCapacity)", decision.Reason);
    }

    [Fact]
    public void Should_say_no_agent_registered_when_there_are_none()
    {
        Assert.Equal("no agent has registered with the farm yet", BuildPlacement.Place(Cluster(), Build).Reason);
    }
}
