using BuildFarm.Shared.Placement;
using static BuildFarm.Shared.Tests.Placement.PlacementFixtures;

namespace BuildFarm.Shared.Tests.Placement;

public class BuildPlanTests
{
    // Vertices: builder FROM, COPY, RUN pip wheel; then (scratch has none) COPY --from, COPY .
    private const string MultiStage = """
        FROM pytorch/pytorch:2.9-cuda12.1 AS builder
        COPY requirements.txt .
        RUN pip wheel -r requirements.txt -w /wheels
        FROM builder AS test
        RUN python -m pytest
        FROM scratch
        COPY --from=builder /wheels /wheels
        COPY . .
        """;

    [Fact]
    public void Should_link_each_step_to_the_one_it_is_built_on_across_stages()
    {
        var plan = BuildPlan.FromPlanned(Planned(MultiStage));

        Assert.Equal(["FROM", "COPY", "RUN", "FROM", "COPY", "COPY"], plan.Steps.Select(s => s.Keyword));
        Assert.Equal([-1, 0, 1, -1, 3, 4], plan.Steps.Select(s => s.Parent));
        Assert.Equal([StepKind.Image, StepKind.Instruction, StepKind.Instruction, StepKind.Scratch, StepKind.Instruction, StepKind.Instruction],
            plan.Steps.Select(s => s.Kind));
        Assert.Equal([2], plan.Steps[4].Inputs);
        Assert.Equal(OldDigest, plan.Steps[0].BaseDigest);
    }

    [Fact]
    public void Should_name_each_step_as_BuildKit_numbers_its_vertices_so_agents_can_tag_steps_with_keys()
    {
        var plan = BuildPlan.FromPlanned(Planned());
        var keys = plan.Keys();

        // FROM is [1/n]; ENV and ARG have no vertex and no number, yet keep their keys in the chain.
        Assert.Equal(plan.Steps.Select(s => s.Key), keys.Select(k => k.Key));
        Assert.All(keys, k => Assert.Equal(plan.Steps[0].Stage, k.Stage));
        Assert.Equal(Enumerable.Range(0, plan.Steps.Count), keys.Select(k => k.Step));
        Assert.Equal(plan.Steps.Select(s => s.HasVertex ? 1 : 0).Sum(), keys.Count(k => k.Vertex is not null));
        Assert.Equal(Enumerable.Range(1, keys.Count(k => k.Vertex is not null)), keys.Where(k => k.Vertex is not null).Select(k => k.Vertex!.Value));
    }

    [Fact]
    public void Should_number_stages_from_scratch_or_another_stage_from_their_first_instruction_as_BuildKit_does()
    {
        // Seen on Docker 28's BuildKit (tests/Agent.Tests BuildRunnerKeyTests): "[builder 1/3] FROM …", "[test 1/1] RUN …",
        // "[stage-2 1/2] COPY --from=…": FROM a stage and FROM scratch are not vertices.
        var plan = BuildPlan.FromPlanned(CacheKeysFor(MultiStage, "test"));
        var withScratch = BuildPlan.FromPlanned(Planned(MultiStage));

        Assert.Equal([("builder", 1), ("builder", 2), ("builder", 3), ("test", null), ("test", 1)],
            plan.Keys().Select(k => (k.Stage, k.Vertex)));
        Assert.Equal([("stage-2", null), ("stage-2", 1), ("stage-2", 2)],
            withScratch.Keys().Skip(3).Select(k => (k.Stage, k.Vertex)));
    }

    [Fact]
    public void Should_give_agents_no_keys_for_a_plan_stored_before_steps_were_named()
    {
        var plan = BuildPlan.FromPlanned(Planned());
        var old = plan with { Steps = plan.Steps.Select(s => s with { Stage = "" }).ToList() };

        Assert.Empty(old.Keys());
    }

    [Fact]
    public void Should_chain_a_stage_built_on_a_stage_to_that_stages_last_step()
    {
        var plan = BuildPlan.FromPlanned(CacheKeysFor(MultiStage, "test"));

        Assert.Equal(StepKind.Stage, plan.Steps[3].Kind);
        Assert.Equal(2, plan.Steps[3].Parent);
    }

    [Fact]
    public void Should_not_charge_a_stage_whose_result_the_agent_already_holds_further_on()
    {
        var plan = BuildPlan.FromPlanned(Planned(MultiStage));
        var holdsFinalStage = Agent("a") with { CacheKeys = new HashSet<string> { plan.Steps[3].Key, plan.Steps[4].Key } };

        var verdict = Verdict(BuildPlacement.Place(Cluster(holdsFinalStage), plan), "a");

        // Only the last COPY runs: BuildKit never needs the builder stage, so it neither pulls nor installs.
        Assert.Equal(0, verdict.PullSeconds);
        Assert.Equal(StepDurations.CopySeconds, verdict.BuildSeconds);
        Assert.Equal(3, verdict.CachedSteps);
        Assert.Equal(4, verdict.TotalSteps);
    }

    [Fact]
    public void Should_build_the_stage_a_copy_reads_when_the_copy_must_run()
    {
        var plan = BuildPlan.FromPlanned(Planned(MultiStage));

        var verdict = Verdict(BuildPlacement.Place(Cluster(Agent("cold")), plan), "cold");

        Assert.Equal(80, verdict.PullSeconds);
        Assert.Equal(80 + StepDurations.PythonInstallSeconds + 3 * StepDurations.CopySeconds, verdict.BuildSeconds);
        Assert.Equal(0, verdict.CachedSteps);
    }

    [Fact]
    public void Should_take_the_target_stages_platform()
    {
        var planned = Planned("FROM --platform=linux/arm64 python:3.11\nRUN true\n");

        Assert.Equal("linux/arm64", BuildPlan.FromPlanned(planned).Platform);
    }

    [Fact]
    public void Should_refuse_a_build_that_has_no_plan()
    {
        var failed = Planned() with { Errors = ["line 1: unknown instruction"] };

        Assert.Throws<ArgumentException>(() => BuildPlan.FromPlanned(failed));
    }

    private static BuildFarm.Shared.CacheKeys.KeyChain CacheKeysFor(string dockerfile, string target)
    {
        var parsed = BuildFarm.Shared.Dockerfiles.DockerfileParser.Parse(dockerfile);
        return BuildFarm.Shared.CacheKeys.CacheKeyChain.Compute(parsed, target, new Dictionary<string, string>(), _ => OldDigest, null);
    }
}
