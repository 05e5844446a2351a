using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class FeasibilityTests
{
    private static readonly BuildPlan Build = Plan();

    private static AgentSnapshot Labelled(string id, params (string Name, string Value)[] labels) =>
        Agent(id) with { Labels = labels.ToDictionary(l => l.Name, l => l.Value) };

    [Fact]
    public void Should_refuse_labels_no_registered_agent_has_and_say_what_each_agent_has()
    {
        var build = Build with { RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100" } };

        var refusal = Feasibility.Refusal([Labelled("gpu-1", ("gpu", "t4"), ("zone", "eu")), Labelled("cpu-1")], build);

        Assert.Equal("No registered agent has labels gpu=a100 (agents: cpu-1 {}, gpu-1 {gpu: t4, zone: eu}).", refusal);
    }

    [Fact]
    public void Should_accept_a_build_that_only_a_busy_or_offline_agent_can_run()
    {
        var build = Build with { RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100" } };
        var offline = Labelled("gpu-2", ("gpu", "a100")) with { Online = false, Running = 9 };

        Assert.Null(Feasibility.Refusal([Labelled("gpu-1", ("gpu", "t4")), offline], build));
    }

    [Fact]
    public void Should_refuse_a_gpu_check_when_no_agent_with_the_labels_has_a_gpu_its_cuda_runs_on()
    {
        var build = Build with { RequiredLabels = new Dictionary<string, string> { ["pool"] = "ml" }, Gpu = new GpuRequirement(new Version(12, 1)) };
        AgentSnapshot[] agents =
        [
            Labelled("ml-1", ("pool", "ml")),
            Labelled("ml-2", ("pool", "ml")) with { GpuCount = 1, DriverVersion = "470.82.01" },
            Labelled("other", ("pool", "web")) with { GpuCount = 8, DriverVersion = "550.54.15" },
        ];

        Assert.Equal(
            "No registered agent with labels pool=ml has a working GPU whose driver runs CUDA 12.1 for the build's GPU check "
            + "(agents: ml-1: no GPU, ml-2: driver 470.82.01 cannot run CUDA 12.1 (needs ≥ 525.60.13)).",
            Feasibility.Refusal(agents, build));
    }

    [Fact]
    public void Should_refuse_a_platform_no_registered_agent_builds_for()
    {
        var arm = Build with { Platform = "linux/arm64" };

        Assert.Equal("No registered agent builds for linux/arm64, the platform of the build's target (agents: a linux/amd64).",
            Feasibility.Refusal([Agent("a")], arm));
    }

    [Fact]
    public void Should_leave_judging_to_placement_while_no_agent_has_registered()
    {
        Assert.Null(Feasibility.Refusal([], Build with { Gpu = new GpuRequirement(null) }));
    }
}
