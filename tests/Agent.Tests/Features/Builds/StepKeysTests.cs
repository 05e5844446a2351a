using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;
using static BuildFarm.Agent.Tests.Features.Builds.BuildKitTraces;

namespace BuildFarm.Agent.Tests.Features.Builds;

public class StepKeysTests
{
    static readonly string Base = "sha256:" + new string('b', 64);

    // FROM bf-base:1 AS build / RUN mkdir ... / FROM bf-base:1 / COPY --from=build ... / RUN cat /a: the plan of the
    // multi-stage.jsonl recording, target last.
    static readonly IReadOnlyList<StepKey> MultiStage =
    [
        new("build", 0, 1, Base), new("build", 1, 2, Key('1')),
        new("stage-1", 0, 1, Base), new("stage-1", 1, 2, Key('2')), new("stage-1", 2, 3, Key('3')),
    ];

    static string Key(char c) => new(c, 64);

    [Fact]
    public void Should_find_a_step_by_its_stage_label_and_number()
    {
        var keys = new StepKeys(MultiStage);

        Assert.Equal(Key('1'), keys.Find("build", 2));
        Assert.Equal(Key('3'), keys.Find("stage-1", 3));
        Assert.Equal(Base, keys.Find("build", 1));
    }

    [Fact]
    public void Should_take_an_unlabelled_step_for_one_of_the_target_stage()
    {
        IReadOnlyList<StepKey> single = [new("app", 0, 1, Base), new("app", 1, null, Key('e')), new("app", 2, 2, Key('r'))];

        Assert.Equal(Key('r'), new StepKeys(single).Find(null, 2));
        Assert.Equal(Key('2'), new StepKeys(MultiStage).Find(null, 2));
    }

    [Fact]
    public void Should_match_stage_names_whatever_their_case()
    {
        IReadOnlyList<StepKey> keys = [new("Builder", 0, 1, Base), new("Builder", 1, 2, Key('1'))];

        Assert.Equal(Key('1'), new StepKeys(keys).Find("builder", 2));
    }

    [Fact]
    public void Should_give_no_key_without_a_plan_or_for_a_step_the_plan_lacks()
    {
        Assert.Null(new StepKeys(null).Find("build", 2));
        Assert.Null(new StepKeys([]).Find(null, 1));
        Assert.Null(new StepKeys(MultiStage).Find("build", 3));
        Assert.Null(new StepKeys(MultiStage).Find("other", 2));
    }

    [Fact]
    public void Should_tag_each_completed_step_with_its_planned_key()
    {
        var tracker = new StepTracker(Guid.NewGuid(), 1, TimeSpan.Zero, keys: MultiStage);

        var completed = Replay(tracker, Read("multi-stage.jsonl")).OfType<StepCompleted>().OrderBy(c => c.Index)
            .Select(c => (c.Stage, c.Instruction.Split(' ')[0], c.Key));

        // The two stages share one FROM vertex, which BuildKit names after the first stage only.
        Assert.Equal(
            [("build", "FROM", Base), ("build", "RUN", Key('1')), ("stage-1", "COPY", Key('2')), ("stage-1", "RUN", Key('3'))],
            completed);
    }

    [Fact]
    public void Should_leave_steps_without_a_key_when_the_build_has_no_plan()
    {
        var completed = Replay(new StepTracker(Guid.NewGuid(), 1, TimeSpan.Zero), Read("multi-stage.jsonl")).OfType<StepCompleted>();

        Assert.All(completed, c => Assert.Null(c.Key));
    }
}
