using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class RoundRobinPlacementTests
{
    [Fact]
    public void Should_take_agents_in_turn_by_id()
    {
        AgentSnapshot[] agents = [Agent("c"), Agent("a"), Agent("b")];

        Assert.Equal(["a", "b", "c", "a"], Enumerable.Range(0, 4).Select(turn => RoundRobinPlacement.Place(agents, turn).AgentId));
    }

    [Fact]
    public void Should_pass_over_an_agent_that_cannot_take_the_build_to_the_next_in_line()
    {
        AgentSnapshot[] agents = [Agent("a"), Agent("b", running: 1), Agent("c")];

        var decision = RoundRobinPlacement.Place(agents, turn: 1);

        Assert.Equal("c", decision.AgentId);
        Assert.Equal(Rejection.NoFreeCapacity, Verdict(decision, "b").Rejected);
    }

    [Fact]
    public void Should_wait_and_say_why_when_no_agent_can_take_it()
    {
        var decision = RoundRobinPlacement.Place([Agent("a", running: 1)], turn: 0);

        Assert.Null(decision.AgentId);
        Assert.Contains("busy", decision.Reason);
    }
}
