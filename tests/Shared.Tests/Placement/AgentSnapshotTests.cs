using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Tests.Placement;

public class AgentSnapshotTests
{
    [Theory]
    [InlineData(300, 0, 300)]
    [InlineData(300, 100, 200)]
    [InlineData(300, 300, 0)]
    [InlineData(300, 900, 600)]
    [InlineData(300, -5, 300)]
    public void Should_expect_a_running_build_to_need_its_prediction_less_its_run_and_as_long_again_as_it_overran(
        double predicted, double elapsed, double remaining)
    {
        Assert.Equal(remaining, AgentSnapshot.Remaining(predicted, elapsed));
    }
}
