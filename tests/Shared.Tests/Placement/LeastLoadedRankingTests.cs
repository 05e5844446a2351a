using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class LeastLoadedRankingTests
{
    private static readonly BuildPlan Unplanned = BuildPlan.Unplanned();

    private static PlacementDecision Place(params AgentSnapshot[] agents) => BuildPlacement.Place(Cluster(agents), Unplanned, Ranking.LeastLoaded);

    [Fact]
    public void Should_choose_the_agent_with_the_largest_free_share()
    {
        var decision = Place(Agent("a", running: 1, capacity: 2), Agent("b", running: 0, capacity: 2));
        Assert.Equal("b", decision.AgentId);
        Assert.Equal("b: least loaded (0/2 builds running)", decision.Reason);
    }

    [Fact]
    public void Should_break_ties_by_agent_id_so_decisions_repeat()
    {
        Assert.Equal("a", Place(Agent("b"), Agent("a")).AgentId);
    }

    [Fact]
    public void Should_rank_an_unplanned_build_by_load_under_cache_affinity_too()
    {
        var decision = BuildPlacement.Place(Cluster(Agent("a", running: 1, capacity: 2), Agent("b", capacity: 2)), Unplanned);

        Assert.Equal("b: least loaded (0/2 builds running)", decision.Reason);
        Assert.Null(decision.PredictedSeconds);
        Assert.Empty(decision.PredictedCachedKeys);
    }

    [Fact]
    public void Should_reject_offline_busy_and_engine_down_agents_with_named_reasons()
    {
        var decision = Place(Agent("off") with { Online = false }, Agent("busy", running: 1), Agent("down") with { DockerError = "connection refused" });
        Assert.Null(decision.AgentId);
        var rejections = decision.Candidates.ToDictionary(c => c.AgentId, c => c.Rejected);
        Assert.Equal(Rejection.Offline, rejections["off"]);
        Assert.Equal(Rejection.NoFreeCapacity, rejections["busy"]);
        Assert.Equal(Rejection.EngineDown, rejections["down"]);
        Assert.Equal("no agent can take this build — off: offline; busy: busy (1/1 builds); down: Docker engine unavailable: connection refused",
            decision.Reason);
    }

    [Fact]
    public void Should_queue_nothing_on_an_agent_whatever_the_cache_affinity_cap()
    {
        var cluster = Cluster(Agent("a", running: 1)) with { Options = new PlacementOptions { MaxQueuedPerAgent = 5 } };

        Assert.Null(BuildPlacement.Place(cluster, Plan(), Ranking.LeastLoaded).AgentId);
    }

    [Fact]
    public void Should_predict_what_the_chosen_agent_finds_cached_as_cache_affinity_would()
    {
        var plan = Plan();
        var decision = BuildPlacement.Place(Cluster(Holding("a", plan, held: 3), Agent("b", running: 1, capacity: 4)), plan, Ranking.LeastLoaded);

        Assert.Equal("a", decision.AgentId);
        Assert.Equal(plan.Steps.Skip(1).Take(3).Select(s => s.Key), decision.PredictedCachedKeys);
        var a = Verdict(decision, "a");
        Assert.Equal((3, 6), (a.CachedSteps, a.TotalSteps));
        Assert.Equal("least loaded (0/1 builds running)", a.Detail);
        Assert.Equal(BuildPlacement.Place(Cluster(Holding("a", plan, held: 3)), plan).PredictedSeconds, decision.PredictedSeconds);
    }

    [Fact]
    public void Should_say_no_agent_registered_when_there_are_none()
    {
        Assert.Equal("no agent has registered with the farm yet", Place().Reason);
    }
}
