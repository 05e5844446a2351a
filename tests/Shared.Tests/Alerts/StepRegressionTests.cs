using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Shared.Tests.Alerts;

public class StepRegressionTests
{
    const string Old = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    const string New = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    const string Base = "localhost:5000/demo/cuda:12.1-runtime";

    static readonly StepOutcome[] Passed =
    [
        new(0, "[1/3] FROM base", StepStatus.Done),
        new(1, "[2/3] RUN pip install -r requirements.txt", StepStatus.Cached),
        new(2, "[3/3] RUN pytest", StepStatus.Done),
    ];

    [Fact]
    public void Should_find_the_failed_step_that_passed_before()
    {
        StepOutcome[] failed = [Passed[0], Passed[1], new(2, "[3/3] RUN pytest", StepStatus.Failed)];

        Assert.Equal(2, StepRegression.FirstRegressed(failed, Passed)?.Index);
    }

    [Fact]
    public void Should_not_count_a_step_the_earlier_build_never_passed()
    {
        StepOutcome[] earlierFailedToo = [Passed[0], Passed[1], new(2, "[3/3] RUN pytest", StepStatus.Failed)];

        Assert.Null(StepRegression.FirstRegressed(earlierFailedToo, earlierFailedToo));
    }

    [Fact]
    public void Should_not_match_a_step_whose_instruction_differs_at_that_place()
    {
        StepOutcome[] failed = [Passed[0], Passed[1], new(2, "[3/3] RUN pytest -x", StepStatus.Failed)];

        Assert.Null(StepRegression.FirstRegressed(failed, Passed));
    }

    [Fact]
    public void Should_name_a_base_that_moved_between_the_builds_first()
    {
        var cause = StepRegression.LikelyCause(new(
            new Dictionary<string, string> { [Base] = New }, new Dictionary<string, string> { [Base] = Old },
            "gpu-2", "gpu-1", "base-moved", "moved"));

        Assert.Equal($"The base tag {Base} moved between the two builds (aaaaaaaaaaaa → bbbbbbbbbbbb): the step now runs on another image.", cause);
    }

    [Fact]
    public void Should_name_the_cache_miss_when_the_bases_are_the_same()
    {
        var same = new Dictionary<string, string> { [Base] = Old };

        var cause = StepRegression.LikelyCause(new(same, same, "gpu-2", "gpu-1", "other-agent", "gpu-1 had the cache"));

        Assert.StartsWith("This build missed the cache (other-agent: gpu-1 had the cache)", cause);
    }

    [Fact]
    public void Should_name_the_other_agent_when_nothing_else_differs()
    {
        var same = new Dictionary<string, string> { [Base] = Old };

        Assert.StartsWith("It ran on gpu-2; the build that passed ran on gpu-1", StepRegression.LikelyCause(new(same, same, "gpu-2", "gpu-1", "none", null)));
    }

    [Fact]
    public void Should_call_the_step_flaky_when_base_cache_and_agent_are_the_same()
    {
        var same = new Dictionary<string, string> { [Base] = Old };

        Assert.StartsWith("Flaky:", StepRegression.LikelyCause(new(same, same, "gpu-1", "gpu-1", null, null)));
    }
}
