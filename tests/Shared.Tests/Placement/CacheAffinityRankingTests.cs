using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class CacheAffinityRankingTests
{
    private static readonly BuildPlan Build = Plan();

    [Fact]
    public void Should_prefer_the_agent_with_the_longest_cached_prefix()
    {
        var decision = BuildPlacement.Place(
            Cluster(Holding("a", Build, held: 2), Holding("b", Build, held: 5), Agent("c")), Build);

        Assert.Equal("b", decision.AgentId);
        var b = Verdict(decision, "b");
        Assert.Equal(4, b.CachedSteps);
        Assert.Equal(6, b.TotalSteps);
        Assert.Equal(0, b.PullSeconds);
        Assert.StartsWith("b: 4/6 steps cached, saves ~6 min, queue 0 s", decision.Reason);
        Assert.True(b.Score > Verdict(decision, "a").Score);
    }

    [Fact]
    public void Should_count_only_a_prefix_so_a_later_key_without_its_parent_saves_nothing()
    {
        var gap = Holding("gap", Build, held: 5) with
        {
            CacheKeys = Build.Steps.Where((_, i) => i != 3).Select(s => s.Key).ToHashSet(StringComparer.Ordinal),
        };

        var verdict = Verdict(BuildPlacement.Place(Cluster(gap), Build), "gap");

        Assert.Equal(2, verdict.CachedSteps);
    }

    [Fact]
    public void Should_find_nothing_cached_once_the_base_tag_moved_and_fall_back_to_pull_cost()
    {
        var moved = Plan(NewDigest);
        var warmOnOldBase = Holding("a-warm-old", Build, held: 7);
        var hasNewBase = Agent("b-new-base") with { BaseDigests = new HashSet<string> { NewDigest } };

        var decision = BuildPlacement.Place(Cluster(warmOnOldBase, hasNewBase), moved);

        Assert.Equal("b-new-base", decision.AgentId);
        Assert.Equal(0, Verdict(decision, "a-warm-old").SecondsSaved);
        Assert.Equal(80, Verdict(decision, "a-warm-old").PullSeconds);
        Assert.Equal(0, Verdict(decision, "b-new-base").PullSeconds);
    }

    [Fact]
    public void Should_fall_back_to_the_less_loaded_agent_when_no_cache_helps()
    {
        var moved = Plan(NewDigest);

        var decision = BuildPlacement.Place(
            Cluster(Holding("a", Build, held: 7, running: 1, capacity: 2), Holding("b", Build, held: 7, capacity: 2)), moved);

        Assert.Equal("b", decision.AgentId);
    }

    [Fact]
    public void Should_send_the_build_to_a_busy_warm_agent_when_its_queue_is_shorter_than_what_its_cache_saves()
    {
        var busyWarm = Holding("warm", Build, held: 6, running: 1, workAhead: 40);

        var decision = BuildPlacement.Place(Cluster(busyWarm, Agent("cold")), Build);

        Assert.Equal("warm", decision.AgentId);
        Assert.Equal("warm: 5/6 steps cached, saves ~6 min, queue 40 s", decision.Reason);
    }

    [Fact]
    public void Should_send_the_build_to_an_idle_cold_agent_when_the_warm_one_is_busy_for_longer_than_a_cold_build()
    {
        var busyWarm = Holding("warm", Build, held: 6, running: 2, capacity: 1, workAhead: [1200, 600]);

        var decision = BuildPlacement.Place(Cluster(busyWarm, Agent("cold")), Build);

        Assert.Equal("cold", decision.AgentId);
        Assert.Equal(1800, Verdict(decision, "warm").QueueWaitSeconds);
        Assert.Contains("cold: 0/6 steps cached, saves 0 s, queue 0 s, pulls base 80 s", decision.Reason);
    }

    [Fact]
    public void Should_estimate_the_queue_from_the_earliest_free_slot()
    {
        var twoSlots = Holding("two", Build, held: 6, running: 3, capacity: 2, workAhead: [100, 30, 50]);

        Assert.Equal(80, Verdict(BuildPlacement.Place(Cluster(twoSlots), Build), "two").QueueWaitSeconds);
    }

    [Fact]
    public void Should_reject_an_agent_whose_queue_is_at_the_cap()
    {
        var options = new PlacementOptions { MaxQueuedPerAgent = 1 };
        var full = Holding("full", Build, held: 7, running: 2);

        var decision = BuildPlacement.Place(Cluster(full) with { Options = options }, Build);

        Assert.Null(decision.AgentId);
        Assert.Equal(Rejection.NoFreeCapacity, Verdict(decision, "full").Rejected);
        Assert.Contains("full: busy (2/1 builds, 1 queued, the cap is 1)", decision.Reason);
    }

    [Fact]
    public void Should_keep_the_build_waiting_for_a_full_warm_agent_that_still_finishes_it_well_before_a_cold_one()
    {
        // One slot, one running and two queued (the cap): free in 3 min, then ~30 s of work; cold: ~6.5 min plus the pull.
        var fullWarm = Holding("warm", Build, held: 6, running: 3, capacity: 1, workAhead: [60, 60, 60]);

        var decision = BuildPlacement.Place(Cluster(fullWarm, Agent("cold")), Build);

        Assert.Null(decision.AgentId);
        var warm = Verdict(decision, "warm");
        Assert.Equal(Rejection.NoFreeCapacity, warm.Rejected);
        Assert.Equal(180, warm.QueueWaitSeconds);
        Assert.True(warm.Score > Verdict(decision, "cold").Score + PlacementOptions.Default.HoldMarginSeconds);
        Assert.StartsWith("waiting for warm, busy (3/1 builds, 2 queued, the cap is 2): 5/6 steps cached, saves ~6 min, queue ~3 min; "
            + "expected to finish ~4 min sooner there than on cold, the best agent free now (0/6 steps cached", decision.Reason);
    }

    [Fact]
    public void Should_start_the_build_on_a_free_agent_when_waiting_for_the_full_one_gains_less_than_the_margin()
    {
        var fullWarm = Holding("warm", Build, held: 6, running: 3, capacity: 1, workAhead: [130, 130, 130]);

        var decision = BuildPlacement.Place(Cluster(fullWarm, Agent("cold")), Build);

        Assert.Equal("cold", decision.AgentId);
        var gain = Verdict(decision, "warm").Score - Verdict(decision, "cold").Score;
        Assert.InRange(gain, 0, PlacementOptions.Default.HoldMarginSeconds);
    }

    [Fact]
    public void Should_leave_a_full_agent_unscored_when_its_queue_alone_ends_after_a_free_agent_would_finish()
    {
        var longQueue = Holding("warm", Build, held: 6, running: 3, capacity: 1, workAhead: [600, 600, 600]);

        var decision = BuildPlacement.Place(Cluster(longQueue, Agent("cold")), Build);

        Assert.Equal("cold", decision.AgentId);
        var warm = Verdict(decision, "warm");
        Assert.Equal(Rejection.NoFreeCapacity, warm.Rejected);
        Assert.Equal(0, warm.CachedSteps);
        Assert.Equal("busy (3/1 builds, 2 queued, the cap is 2)", warm.Detail);
    }

    [Fact]
    public void Should_name_the_full_agent_it_waits_for_when_no_agent_can_take_the_build()
    {
        var options = new PlacementOptions { MaxQueuedPerAgent = 0 };
        var cluster = Cluster(Holding("warm", Build, held: 6, running: 1, workAhead: 600), Agent("cold", running: 1, capacity: 1)) with { Options = options };

        var decision = BuildPlacement.Place(cluster, Build);

        Assert.Null(decision.AgentId);
        Assert.StartsWith("waiting for warm, busy (1/1 builds): 5/6 steps cached", decision.Reason);
        Assert.Contains("; no agent can take this build — warm: busy (1/1 builds); cold: busy (1/1 builds)", decision.Reason);
    }

    [Fact]
    public void Should_break_equal_scores_by_load_then_by_id_whatever_the_snapshot_order()
    {
        AgentSnapshot[] agents = [Agent("c"), Agent("a"), Agent("b")];

        Assert.Equal("a", BuildPlacement.Place(Cluster(agents), Build).AgentId);
        Assert.Equal("a", BuildPlacement.Place(Cluster([.. agents.Reverse()]), Build).AgentId);
        Assert.Equal("b", BuildPlacement.Place(Cluster(Agent("a", running: 1, capacity: 2), Agent("b", capacity: 2)), Build).AgentId);
    }

    [Fact]
    public void Should_prefer_measured_durations_by_key_then_by_instruction_over_defaults()
    {
        var pip = Build.Steps.Single(s => s.Instruction.Contains("pip install"));
        var copy = Build.Steps.First(s => s.Keyword == "COPY");
        var durations = new StepDurations(
            new Dictionary<string, double> { [pip.Key] = 900 },
            new Dictionary<string, double> { [pip.Instruction] = 10, [copy.Instruction] = 5 });

        Assert.Equal(900, durations.Estimate(pip));
        Assert.Equal(5, durations.Estimate(copy));
        Assert.Equal(StepDurations.PythonInstallSeconds, StepDurations.Defaults.Estimate(pip));
    }

    [Fact]
    public void Should_use_measured_durations_in_the_score()
    {
        var durations = new StepDurations(Build.Steps.ToDictionary(s => s.Key, _ => 60.0));
        var cluster = Cluster(Holding("a", Build, held: 3)) with { Durations = durations };

        Assert.Equal(180, Verdict(BuildPlacement.Place(cluster, Build), "a").SecondsSaved);
    }

    [Fact]
    public void Should_count_what_builds_queued_ahead_will_leave_when_the_build_has_to_queue()
    {
        var incoming = Build.Steps.Select(s => s.Key).Append(OldDigest).ToHashSet(StringComparer.Ordinal);
        var busy = Agent("busy", running: 1) with { IncomingKeys = incoming, WorkAheadSeconds = [60] };
        var free = Agent("free", running: 1, capacity: 2) with { IncomingKeys = incoming, WorkAheadSeconds = [60] };

        var decision = BuildPlacement.Place(Cluster(busy, free), Build);

        Assert.Equal("busy", decision.AgentId);
        Assert.Equal(6, Verdict(decision, "busy").CachedSteps);
        Assert.Equal(0, Verdict(decision, "free").CachedSteps);
    }

    [Fact]
    public void Should_write_the_detail_of_a_scored_candidate_from_its_parts()
    {
        var cluster = Cluster(Holding("a", Build, held: 5));
        var read = Verdict(BuildPlacement.Place(cluster, Build), "a");
        var unread = Verdict(BuildPlacement.Place(cluster, Build), "a");

        Assert.Equal("4/6 steps cached, saves ~6 min, queue 0 s", read.Detail);
        // Equal whether or not the text was written yet: it is derived, not state.
        Assert.Equal(read, unread);
    }

    [Fact]
    public void Should_predict_cached_exactly_the_vertices_of_the_prefix_the_chosen_agent_holds()
    {
        var plan = Plan();
        var cluster = Cluster(Holding("warm", plan, held: 3), Agent("cold"));

        var decision = BuildPlacement.Place(cluster, plan);

        // WORKDIR, RUN apt-get, COPY requirements.txt: FROM is left out (BuildKit's CACHED on FROM means nothing).
        Assert.Equal("warm", decision.AgentId);
        Assert.Equal(plan.Steps.Skip(1).Take(3).Select(s => s.Key), decision.PredictedCachedKeys);
        Assert.Equal(Verdict(decision, "warm").BuildSeconds, decision.PredictedSeconds);
        var warmGone = BuildPlacement.Place(Cluster(Holding("warm", plan, held: 3) with { Online = false }, Agent("cold")), plan);
        Assert.Equal("cold", warmGone.AgentId);
        Assert.Empty(warmGone.PredictedCachedKeys);
    }

    [Fact]
    public void Should_expect_nothing_from_any_cache_for_a_no_cache_build_but_still_spare_a_present_base_its_pull()
    {
        var plan = Plan() with { NoCache = true };
        var cluster = Cluster(Holding("warm", plan, held: plan.Steps.Count - 1), Agent("cold"));

        var decision = BuildPlacement.Place(cluster, plan);

        var warm = Verdict(decision, "warm");
        Assert.Equal((0, 0.0, 0.0), (warm.CachedSteps, warm.SecondsSaved, warm.PullSeconds));
        Assert.True(Verdict(decision, "cold").PullSeconds > 0);
        Assert.Equal("warm", decision.AgentId);
        Assert.Empty(decision.PredictedCachedKeys);
    }
}
