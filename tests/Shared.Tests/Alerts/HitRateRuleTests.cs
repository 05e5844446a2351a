using BuildFarm.Shared.Alerts;

namespace BuildFarm.Shared.Tests.Alerts;

public class HitRateRuleTests
{
    static readonly HitRateThresholds Thresholds = new(DropPoints: 20, MinSteps: 40);

    [Fact]
    public void Should_raise_when_the_day_falls_the_threshold_below_the_baseline()
    {
        // Baseline 160/200 = 80 %; day 30/50 = 60 %: exactly 20 points.
        var drop = HitRateRule.Evaluate(new HitRateWindow(50, 30), new HitRateWindow(200, 160), Thresholds);

        Assert.NotNull(drop);
        Assert.Equal(0.60, drop.Day, 6);
        Assert.Equal(0.80, drop.Baseline, 6);
        Assert.Equal(20.0, drop.Points, 6);
    }

    [Fact]
    public void Should_not_raise_for_a_fall_just_under_the_threshold()
    {
        // Baseline 80 %; day 31/50 = 62 %: 18 points.
        Assert.Null(HitRateRule.Evaluate(new HitRateWindow(50, 31), new HitRateWindow(200, 160), Thresholds));
    }

    [Theory]
    [InlineData(39, 200)]
    [InlineData(50, 39)]
    public void Should_not_raise_when_either_window_has_too_few_steps(int daySteps, int baselineSteps)
    {
        // A 0 % day against a 100 % baseline, but on too few steps to mean anything.
        Assert.Null(HitRateRule.Evaluate(new HitRateWindow(daySteps, 0), new HitRateWindow(baselineSteps, baselineSteps), Thresholds));
    }

    [Fact]
    public void Should_not_raise_when_the_day_beats_the_baseline() =>
        Assert.Null(HitRateRule.Evaluate(new HitRateWindow(50, 50), new HitRateWindow(200, 100), Thresholds));
}
