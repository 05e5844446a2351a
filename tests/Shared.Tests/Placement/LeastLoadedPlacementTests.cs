using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Tests.Placement;

public class LeastLoadedPlacementTests
{
    static AgentSnapshot Agent(string id, int running = 0, int capacity = 1, bool online = true, string? dockerError = null) =>
        new(id, id, online, capacity, running, dockerError);

    [Fact]
    public void Should_choose_the_agent_with_the_largest_free_share()
    {
        var decision = LeastLoadedPlacement.Place([Agent("a", running: 1, capacity: 2), Agent("b", running: 0, capacity: 2)]);
        Assert.Equal("b", decision.AgentId);
        Assert.Contains("least loaded", decision.Reason);
    }

    [Fact]
    public void Should_break_ties_by_agent_id_so_decisions_repeat()
    {
        Assert.Equal("a", LeastLoadedPlacement.Place([Agent("b"), Agent("a")]).AgentId);
    }

    [Fact]
    public void Should_reject_offline_busy_and_engine_down_agents_with_named_reasons()
    {
        var decision = LeastLoadedPlacement.Place(
            [Agent("off", online: false), Agent("busy", running: 1), Agent("down", dockerError: "connection refused")]);
        Assert.Null(decision.AgentId);
        var rejections = decision.Candidates.ToDictionary(c => c.AgentId, c => c.Rejected);
        Assert.Equal(Rejection.Offline, rejections["off"]);
        Assert.Equal(Rejection.NoFreeCapacity, rejections["busy"]);
        Assert.Equal(Rejection.EngineDown, rejections["down"]);
        Assert.Contains("busy (1/1 builds)", decision.Reason);
        Assert.Contains("connection refused", decision.Reason);
    }

    [Fact]
    public void Should_say_no_agent_online_when_all_are_offline()
    {
        var decision = LeastLoadedPlacement.Place([Agent("a", online: false)]);
        Assert.Null(decision.AgentId);
        Assert.Equal("no agent online (1 known, all offline)", decision.Reason);
    }

    [Fact]
    public void Should_say_no_agent_registered_when_there_are_none()
    {
        Assert.Equal("no agent has registered with the farm yet", LeastLoadedPlacement.Place([]).Reason);
    }
}
