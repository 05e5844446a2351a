using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class CacheIndexTests
{
    private static readonly BuildPlan Build = Plan();

    private static string[] Prefix(int held) => [OldDigest, .. Build.Steps.Take(held + 1).Select(s => s.Key)];

    [Fact]
    public void Should_place_exactly_as_with_per_agent_sets()
    {
        var index = new CacheIndex();
        index.Add("a", Prefix(2));
        index.Add("b", Prefix(5));
        var agents = new[] { Holding("a", Build, held: 2), Holding("b", Build, held: 5), Agent("c") };

        var withSets = BuildPlacement.Place(Cluster(agents), Build);
        var withIndex = BuildPlacement.Place(Cluster(agents.Select(a => a with { CacheKeys = new HashSet<string>(), BaseDigests = new HashSet<string>() }).ToArray()) with { Index = index }, Build);

        Assert.Equal("b", withIndex.AgentId);
        Assert.Equal(withSets.Candidates, withIndex.Candidates);
    }

    [Fact]
    public void Should_forget_what_an_agent_dropped_or_no_longer_reports()
    {
        var index = new CacheIndex();
        index.Add("a", Prefix(7));
        index.Remove("a", [Build.Steps[4].Key]);
        Assert.Equal(3, Verdict(BuildPlacement.Place(Cluster(Agent("a")) with { Index = index }, Build), "a").CachedSteps);

        index.Replace("a", Prefix(1));
        Assert.Equal(Prefix(1).ToHashSet(), index.KeysOf("a").ToHashSet());

        index.Forget("a");
        Assert.Empty(index.KeysOf("a"));
        Assert.Equal(0, index.KeyCount);
    }

    [Fact]
    public void Should_reuse_the_slot_of_a_forgotten_agent_without_mixing_their_keys()
    {
        var index = new CacheIndex();
        index.Add("old", Prefix(7));
        index.Forget("old");
        index.Add("new", [OldDigest]);

        var decision = BuildPlacement.Place(Cluster(Agent("new"), Agent("old")) with { Index = index }, Build);

        // "new" holds the base only (no pull); the slot it took over brought none of "old"'s steps with it.
        Assert.Equal((0, 0.0), (Verdict(decision, "new").CachedSteps, Verdict(decision, "new").PullSeconds));
        Assert.Equal(0, Verdict(decision, "old").CachedSteps);
        Assert.True(Verdict(decision, "old").PullSeconds > 0);
        Assert.Equal(1, index.AgentCount);
    }
}
