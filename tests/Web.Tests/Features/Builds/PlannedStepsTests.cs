using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Which planned steps the build page still lists as to come.</summary>
public class PlannedStepsTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    static readonly PlannedStepView[] Plan =
    [
        new("k-from", "stage-0", "FROM localhost:5000/cuda:12.1", 2, true),
        new("k-make", "stage-0", "RUN make -C $APP_HOME", 40, false),
        new("k-test", "stage-0", "RUN make test", 20, false),
    ];

    [Fact]
    public void Should_not_list_a_running_step_as_to_come_when_BuildKit_expanded_its_name_but_it_carries_the_planned_key()
    {
        StepView[] steps =
        [
            new(0, null, "FROM localhost:5000/cuda:12.1@sha256:" + new string('1', 64), true, 5, StepStatus.Done, null, T0, T0, Key: "k-from"),
            new(1, null, "RUN make -C /opt/app", false, null, StepStatus.Running, null, T0.AddSeconds(1), null, Key: "k-make"),
        ];

        var pending = PlannedSteps.Pending(Plan, steps);

        Assert.Equal(["k-test"], pending.Select(p => p.Key));
        // 40 s predicted, 10 s in: 30 s left of it, and the 20 s of the step to come.
        Assert.Equal(50, PlannedSteps.RemainingSeconds(Plan, steps, T0.AddSeconds(11)), 3);
    }

    [Fact]
    public void Should_still_list_a_running_step_from_an_older_agent_that_sends_no_key_and_whose_name_does_not_match()
    {
        StepView[] steps = [new(1, null, "RUN make -C /opt/app", false, null, StepStatus.Running, null, T0, null)];

        var pending = PlannedSteps.Pending(Plan, steps);

        Assert.Equal(["k-from", "k-make", "k-test"], pending.Select(p => p.Key));
    }
}
