using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class RoundRobinRankingTests
{
    private static PlacementDecision Place(int turn, params AgentSnapshot[] agents) =>
        BuildPlacement.Place(Cluster(agents), Plan(), Ranking.RoundRobin(turn));

    [Fact]
    public void Should_take_agents_in_turn_by_id()
    {
        AgentSnapshot[] agents = [Agent("c"), Agent("a"), Agent("b")];

        Assert.Equal(["a", "b", "c", "a"], Enumerable.Range(0, 4).Select(turn => Place(turn, agents).AgentId));
    }

    [Fact]
    public void Should_pass_over_an_agent_that_cannot_take_the_build_to_the_next_in_line()
    {
        var decision = Place(1, Agent("a"), Agent("b", running: 1), Agent("c"));

        Assert.Equal("c", decision.AgentId);
        Assert.Equal("c: its turn (round robin)", decision.Reason);
        Assert.Equal(Rejection.NoFreeCapacity, Verdict(decision, "b").Rejected);
        Assert.Equal("not its turn (round robin)", Verdict(decision, "a").Detail);
    }

    [Fact]
    public void Should_wait_and_say_why_when_no_agent_can_take_it()
    {
        var decision = Place(0, Agent("a", running: 1));

        Assert.Null(decision.AgentId);
        Assert.Equal("no agent can take this build — a: busy (1/1 builds)", decision.Reason);
    }
}
