using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

/// <summary>The hard constraints hold whatever the site's ranking: every policy goes through the same stage.</summary>
public class BuildPlacementTests
{
    private static readonly BuildPlan Build = Plan();

    public static TheoryData<string> Rankings => ["CacheAffinity", "RoundRobin", "LeastLoaded"];

    private static Ranking RankingNamed(string name, int turn = 0) => name switch
    {
        "RoundRobin" => Ranking.RoundRobin(turn),
        "LeastLoaded" => Ranking.LeastLoaded,
        _ => Ranking.CacheAffinity,
    };

    private static Dictionary<string, string> Labels(string gpu) => new() { ["gpu"] = gpu };

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Should_never_send_a_gpu_check_to_an_agent_without_a_working_gpu_or_with_too_old_a_driver(string ranking)
    {
        var gpuCheck = Build with { Gpu = new GpuRequirement(new Version(12, 1)) };
        // The agents that fail are idle, first in id order and warm: every ranking would pick one of them if it could.
        var cluster = Cluster(
            Holding("a-no-gpu", gpuCheck, held: 7, capacity: 4),
            Holding("b-old-driver", gpuCheck, held: 7, capacity: 4) with { GpuCount = 1, DriverVersion = "470.82.01" },
            Holding("c-broken", gpuCheck, held: 7, capacity: 4) with { GpuCount = 1, GpuError = "NVIDIA-SMI has failed" },
            Agent("d-fit", running: 1, capacity: 2) with { GpuCount = 1, DriverVersion = "535.104.05" });

        for (var turn = 0; turn < 4; turn++)
        {
            var decision = BuildPlacement.Place(cluster, gpuCheck, RankingNamed(ranking, turn));

            Assert.Equal("d-fit", decision.AgentId);
            Assert.Equal(Rejection.NoGpu, Verdict(decision, "a-no-gpu").Rejected);
            Assert.Equal(Rejection.DriverTooOld, Verdict(decision, "b-old-driver").Rejected);
            Assert.Equal(Rejection.NoGpu, Verdict(decision, "c-broken").Rejected);
        }
    }

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Should_never_send_a_build_to_an_agent_without_its_required_labels(string ranking)
    {
        var build = Build with { RequiredLabels = Labels("a100") };
        var cluster = Cluster(
            Holding("a-t4", build, held: 7, capacity: 4) with { Labels = Labels("t4") },
            Holding("b-none", build, held: 7, capacity: 4),
            Agent("c-a100", running: 1, capacity: 2) with { Labels = new Dictionary<string, string> { ["gpu"] = "a100", ["zone"] = "eu" } });

        for (var turn = 0; turn < 3; turn++)
        {
            var decision = BuildPlacement.Place(cluster, build, RankingNamed(ranking, turn));

            Assert.Equal("c-a100", decision.AgentId);
            Assert.Equal("lacks label gpu=a100", Verdict(decision, "a-t4").Detail);
            Assert.Equal(Rejection.LabelsMissing, Verdict(decision, "b-none").Rejected);
        }
    }

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Should_keep_an_unplanned_build_with_required_labels_waiting_when_only_a_busy_agent_has_them(string ranking)
    {
        var build = BuildPlan.Unplanned(Labels("a100"), new GpuRequirement(null));
        var cluster = Cluster(
            Agent("gpu-1", capacity: 4) with { Labels = Labels("t4"), GpuCount = 1 },
            Agent("gpu-2", running: 3, capacity: 1) with { Labels = Labels("a100"), GpuCount = 1 });

        var decision = BuildPlacement.Place(cluster, build, RankingNamed(ranking));

        Assert.Null(decision.AgentId);
        Assert.StartsWith("only gpu-2 (busy (3/1 builds", decision.Reason);
        Assert.EndsWith(") has labels gpu=a100 and a working GPU; gpu-1: lacks label gpu=a100", decision.Reason);
    }

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Should_place_a_build_that_asks_nothing_of_agents_on_any_platform_when_it_was_not_planned(string ranking)
    {
        var decision = BuildPlacement.Place(Cluster(Agent("arm") with { Platform = "linux/arm64" }), BuildPlan.Unplanned(), RankingNamed(ranking));

        Assert.Equal("arm", decision.AgentId);
    }

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Should_find_no_room_exactly_when_every_build_would_wait_whatever_it_asks(string ranking)
    {
        var rank = RankingNamed(ranking);
        var allowance = ranking == "CacheAffinity" ? PlacementOptions.Default.MaxQueuedPerAgent : 0;
        var unplanned = BuildPlan.Unplanned();
        var full = Cluster(
            Agent("full", running: 2 + allowance, capacity: 2),
            Agent("offline") with { Online = false },
            Agent("draining") with { Admission = BuildFarm.Shared.Agents.AgentAdmission.Draining },
            Agent("engine-down") with { DockerError = "connection refused" });

        Assert.Equal(0, BuildPlacement.Room(full, rank));
        Assert.Null(BuildPlacement.Place(full, Build, rank).AgentId);
        Assert.Null(BuildPlacement.Place(full, unplanned, rank).AgentId);

        // Room on its own queue counts where the ranking allows a queue; a build without steps is ranked by load and
        // takes only a free slot, so room can be there for one build and not another, never the other way round.
        var queueRoom = full with { Agents = [.. full.Agents, Agent("queue-room", running: 1 + allowance, capacity: 2)] };
        Assert.Equal(1, BuildPlacement.Room(queueRoom, rank));
        Assert.Equal("queue-room", BuildPlacement.Place(queueRoom, Build, rank).AgentId);
        var freeSlot = full with { Agents = [.. full.Agents, Agent("free", running: 1, capacity: 2)] };
        Assert.Equal(1 + allowance, BuildPlacement.Room(freeSlot, rank));
        Assert.Equal("free", BuildPlacement.Place(freeSlot, unplanned, rank).AgentId);
    }

    [Fact]
    public void Should_keep_the_standing_while_only_load_moves_and_change_it_when_an_agent_goes_offline_drains_or_relabels()
    {
        var before = Cluster(Agent("a", running: 0) with { Labels = Labels("a100") }, Agent("b", running: 1));
        var standing = BuildPlacement.Standing(before);

        Assert.Equal(standing, BuildPlacement.Standing(Cluster(Agent("a", running: 3) with { Labels = Labels("a100") }, Agent("b", running: 0))));
        Assert.NotEqual(standing, BuildPlacement.Standing(Cluster(Agent("a") with { Labels = Labels("a100"), Online = false }, Agent("b"))));
        Assert.NotEqual(standing, BuildPlacement.Standing(Cluster(
            Agent("a") with { Labels = Labels("a100"), Admission = BuildFarm.Shared.Agents.AgentAdmission.Draining }, Agent("b"))));
        Assert.NotEqual(standing, BuildPlacement.Standing(Cluster(Agent("a") with { Labels = Labels("l4") }, Agent("b"))));
        Assert.NotEqual(standing, BuildPlacement.Standing(Cluster(Agent("a") with { Labels = Labels("a100") })));
    }
}
