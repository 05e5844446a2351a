using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Misses.MissFixtures;

namespace BuildFarm.Shared.Tests.Misses;

public class MissAnalysisTests
{
    [Fact]
    public void Should_call_a_build_with_no_earlier_successful_build_a_first_build()
    {
        var build = Built(Project, firstMiss: 1);

        var miss = MissAnalysis.Explain(build, earlier: null, MissFacts.None);

        Assert.Equal(MissCauses.FirstBuild, miss.Cause);
        Assert.Null(miss.ComparedWith);
        Assert.Equal(new MissedStep(1, "WORKDIR /app"), miss.FirstMissedStep);
        Assert.Equal(0, miss.SecondsLost);
    }

    [Fact]
    public void Should_say_none_when_every_step_came_from_the_cache()
    {
        var earlier = Built(Project, firstMiss: 1);
        var build = Built(Project);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.None, miss.Cause);
        Assert.Null(miss.FirstMissedStep);
        Assert.Equal(earlier.Id, miss.ComparedWith);
        Assert.Equal(earlier.Commit, miss.ComparedCommit);
        Assert.Equal(0, miss.SecondsLost);
    }

    [Fact]
    public void Should_say_no_cache_when_the_build_asked_to_run_without_it()
    {
        var earlier = Built(Project);
        var build = Built(Project, firstMiss: 0) with { NoCache = true };

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.NoCache, miss.Cause);
        Assert.Equal(1, miss.FirstMissedStep!.Index);
    }

    [Fact]
    public void Should_blame_a_moved_base_tag_with_both_digests_and_when_the_move_was_seen()
    {
        var earlier = Built(Project);
        var build = Built(Project.WithDigest(NewDigest), firstMiss: 1, at: Monday.AddDays(1));
        var seen = Monday.AddHours(3);
        var facts = new MissFacts
        {
            BaseHistory = [new TagSighting("python:3.11", OldDigest, Monday.AddDays(-9)), new TagSighting("python:3.11", NewDigest, seen)],
        };

        var miss = MissAnalysis.Explain(build, earlier, facts);

        Assert.Equal(MissCauses.BaseMoved, miss.Cause);
        Assert.Equal(new BaseMove("python:3.11", OldDigest, NewDigest, seen), miss.Base);
        Assert.Contains(OldDigest, miss.Detail);
        Assert.Contains(NewDigest, miss.Detail);
    }

    [Fact]
    public void Should_give_the_old_and_new_text_when_an_instruction_changed()
    {
        var earlier = Built(Project);
        var changed = Project with { Dockerfile = Dockerfile.Replace("WORKDIR /app", "WORKDIR /srv") };
        var build = Built(changed, firstMiss: 1);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.InstructionChanged, miss.Cause);
        Assert.Equal(new TextChange("WORKDIR /app", "WORKDIR /srv"), miss.Instruction);
        Assert.Equal("WORKDIR /srv", miss.FirstMissedStep!.Instruction);
    }

    [Fact]
    public void Should_name_the_build_arg_whose_new_value_the_first_missed_step_expands()
    {
        var earlier = Built(Project);
        var build = Built(Project.WithArg("TORCH", "2.10.0"), firstMiss: 3);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.BuildArgChanged, miss.Cause);
        Assert.Equal([new ArgChange("TORCH", null, "2.10.0")], miss.BuildArgs);
        Assert.StartsWith("RUN pip install", miss.FirstMissedStep!.Instruction);
    }

    [Fact]
    public void Should_name_the_files_whose_content_changed_under_the_first_missed_copy()
    {
        var earlier = Built(Project);
        var build = Built(Project.WithFile("requirements.txt", "numpy==2.2\n"), firstMiss: 2);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.FilesChanged, miss.Cause);
        Assert.Equal(["requirements.txt"], miss.Files);
        Assert.Equal("COPY requirements.txt .", miss.FirstMissedStep!.Instruction);
        Assert.Equal("requirements.txt changed.", miss.Detail);
    }

    [Fact]
    public void Should_follow_a_copy_from_another_stage_back_to_the_file_that_changed_there()
    {
        const string multiStage = """
            FROM python:3.11 AS wheels
            COPY requirements.txt .
            RUN pip wheel -r requirements.txt -w /wheels
            FROM python:3.11
            WORKDIR /app
            COPY --from=wheels /wheels /wheels
            RUN pip install /wheels/*
            """;
        var project = Project with { Dockerfile = multiStage };
        var earlier = Built(project);
        var changed = project.WithFile("requirements.txt", "numpy==2.2\n");
        // BuildKit ran the final stage's copy of the wheels first: that is the step the page names.
        var build = Built(changed, firstMiss: 1);
        var copy = build.Steps.Single(s => s.Instruction.StartsWith("COPY --from", StringComparison.Ordinal));
        build = build with { Steps = [.. build.Steps.Select(s => s.Index < copy.Index ? s with { Cached = true } : s)] };

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.FilesChanged, miss.Cause);
        Assert.Equal(["requirements.txt"], miss.Files);
        Assert.StartsWith("COPY --from=wheels", miss.FirstMissedStep!.Instruction);
    }

    [Fact]
    public void Should_count_added_and_removed_files_as_changed()
    {
        var earlier = Built(Project);
        var build = Built(Project.WithoutFile("src/data.py").WithFile("src/eval.py", "print('eval')\n"), firstMiss: 4);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.FilesChanged, miss.Cause);
        Assert.Equal(["src/data.py", "src/eval.py"], miss.Files);
    }

    [Fact]
    public void Should_still_say_files_changed_without_paths_when_the_earlier_plan_recorded_no_files()
    {
        var earlier = WithoutRecordedFiles(Built(Project));
        var build = Built(Project.WithFile("src/train.py", "print('v2')\n"), firstMiss: 4);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.FilesChanged, miss.Cause);
        Assert.Empty(miss.Files);
        Assert.Contains("did not record which", miss.Detail);
    }

    [Fact]
    public void Should_count_seconds_lost_from_the_earlier_builds_times_of_the_steps_that_missed_now()
    {
        // The earlier build ran COPY . and compileall (1 s + 60 s) and took the pip install from its cache, which
        // had saved 60 s when it last ran: a miss now from the pip install on costs all three.
        var earlier = Built(Project, firstMiss: 4);
        var build = Built(Project.WithArg("TORCH", "2.10.0"), firstMiss: 3);

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(121, miss.SecondsLost);
    }

    [Fact]
    public void Should_name_the_agent_that_held_the_cache_and_why_placement_passed_it_over()
    {
        var earlier = Built(Project, agent: "agent-1");
        var build = Built(Project, firstMiss: 1, agent: "agent-2");
        var facts = new MissFacts
        {
            Candidates =
            [
                new CandidateVerdict("agent-1", "gpu-box", Rejection.NoFreeCapacity, 0, "busy"),
                new CandidateVerdict("agent-2", "cpu-box", null, 3, "free now"),
            ],
            PlacementReason = "least loaded",
        };

        var miss = MissAnalysis.Explain(build, earlier, facts);

        Assert.Equal(MissCauses.OtherAgent, miss.Cause);
        Assert.Equal("agent-1", miss.CacheAgent);
        Assert.Contains("all its build slots were taken", miss.PlacementReason);
        Assert.Contains("least loaded", miss.PlacementReason);
    }

    [Fact]
    public void Should_say_evicted_with_the_time_the_agent_reported_pruning_the_step()
    {
        var earlier = Built(Project, agent: "agent-1");
        var build = Built(Project, firstMiss: 3, agent: "agent-1", at: Monday.AddDays(1));
        var pip = build.Steps[3].Key!;
        var pruned = Monday.AddHours(20);
        var facts = new MissFacts { Drops = [new CacheDrop("agent-1", pip, pruned), new CacheDrop("agent-1", pip, Monday.AddDays(-3))] };

        var miss = MissAnalysis.Explain(build, earlier, facts);

        Assert.Equal(MissCauses.Evicted, miss.Cause);
        Assert.Equal("agent-1", miss.CacheAgent);
        Assert.Equal(pruned, miss.EvictedAt);
    }

    [Fact]
    public void Should_say_evicted_when_the_agent_that_held_the_cache_pruned_it_before_the_build_went_elsewhere()
    {
        var earlier = Built(Project, agent: "agent-1");
        var build = Built(Project, firstMiss: 1, agent: "agent-2", at: Monday.AddDays(1));
        var facts = new MissFacts { Drops = [new CacheDrop("agent-1", build.Steps[1].Key!, Monday.AddHours(2))] };

        var miss = MissAnalysis.Explain(build, earlier, facts);

        Assert.Equal(MissCauses.Evicted, miss.Cause);
        Assert.Equal("agent-1", miss.CacheAgent);
    }

    [Fact]
    public void Should_not_blame_eviction_when_the_agent_was_still_believed_to_hold_the_step()
    {
        var earlier = Built(Project, agent: "agent-1");
        var build = Built(Project, firstMiss: 3, agent: "agent-1");
        var facts = new MissFacts { Holdings = [new CacheHolding("agent-1", build.Steps[3].Key!)] };

        var miss = MissAnalysis.Explain(build, earlier, facts);

        Assert.Equal(MissCauses.Unknown, miss.Cause);
    }

    [Fact]
    public void Should_say_it_cannot_tell_when_a_build_was_not_planned()
    {
        var earlier = Built(Project) with { Plan = null };
        var build = Built(Project, firstMiss: 2) with { Plan = null };

        var miss = MissAnalysis.Explain(build, earlier, MissFacts.None);

        Assert.Equal(MissCauses.Unknown, miss.Cause);
        Assert.Equal(2, miss.FirstMissedStep!.Index);
    }
}
