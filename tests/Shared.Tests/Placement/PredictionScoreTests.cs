using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Tests.Placement;

public class PredictionScoreTests
{
    static readonly HashSet<string> Predicted = ["a", "b", "c"];

    [Fact]
    public void Should_count_hits_false_hits_and_misses_over_the_steps_that_reported()
    {
        var score = PredictionScore.Score(Predicted,
        [
            new("a", Cached: true, Failed: false),
            new("b", Cached: false, Failed: false),  // predicted, but BuildKit ran it
            new("d", Cached: true, Failed: false),   // cached, not predicted
            new("e", Cached: false, Failed: false),
        ]);

        Assert.Equal(new PredictionScore(1, 1, 1), score);
        Assert.Equal(0.5, score.Precision);
        Assert.Equal(0.5, score.Recall);
    }

    [Fact]
    public void Should_call_a_prediction_with_nothing_to_get_wrong_perfect()
    {
        var score = PredictionScore.Score(new HashSet<string>(), [new("x", Cached: false, Failed: false)]);

        Assert.Equal((1.0, 1.0), (score.Precision, score.Recall));
    }

    [Fact]
    public void Should_learn_keys_found_cached_and_forget_predicted_keys_that_ran_and_failed()
    {
        var (add, remove) = PredictionScore.Corrections(Predicted,
        [
            new("a", Cached: true, Failed: false),
            new("b", Cached: false, Failed: false),  // ran and succeeded: held now, nothing to correct
            new("c", Cached: false, Failed: true),
            new("d", Cached: true, Failed: false),
        ]);

        Assert.Equal(["d"], add);
        Assert.Equal(["c"], remove);
    }
}
