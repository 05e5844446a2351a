namespace BuildFarm.Shared.Placement;

/// <summary>How one step of a finished build went, as the agent reported it.</summary>
/// <param name="Key">The step's predicted cache key.</param>
/// <param name="Cached">True when BuildKit took it from its cache.</param>
/// <param name="Failed">True when it ran and failed (or was stopped).</param>
public readonly record struct StepOutcome(string Key, bool Cached, bool Failed);

/// <summary>
/// Placement's prediction for one build scored against what BuildKit did, over the steps that reported: a hit is a
/// step predicted cached that was; a false hit one predicted cached that ran; a miss one cached that was not predicted.
/// </summary>
/// <param name="Hits">Predicted cached, and cached.</param>
/// <param name="FalseHits">Predicted cached, but ran.</param>
/// <param name="Misses">Cached, but not predicted.</param>
public sealed record PredictionScore(int Hits, int FalseHits, int Misses)
{
    /// <summary>Share of predicted-cached steps that were cached; 1 when nothing was predicted cached.</summary>
    public double Precision => Hits + FalseHits == 0 ? 1 : (double)Hits / (Hits + FalseHits);

    /// <summary>Share of cached steps that were predicted; 1 when nothing was cached.</summary>
    public double Recall => Hits + Misses == 0 ? 1 : (double)Hits / (Hits + Misses);

    /// <summary>Scores a prediction. Steps that never reported (not reached, or skipped because a later step was
    /// cached) say nothing either way and are left out.</summary>
    /// <param name="predicted">Keys predicted cached on the agent.</param>
    /// <param name="steps">The steps that reported, with their keys.</param>
    /// <returns>The counts.</returns>
    public static PredictionScore Score(IReadOnlySet<string> predicted, IEnumerable<StepOutcome> steps)
    {
        int hits = 0, falseHits = 0, misses = 0;
        foreach (var step in steps)
        {
            var expected = predicted.Contains(step.Key);
            hits += expected && step.Cached ? 1 : 0;
            falseHits += expected && !step.Cached ? 1 : 0;
            misses += !expected && step.Cached ? 1 : 0;
        }

        return new PredictionScore(hits, falseHits, misses);
    }

    /// <summary>
    /// What the farm's picture of the agent's cache gets wrong, by this build's evidence: a cached step's key is there
    /// (whatever was predicted); a step predicted cached that ran and failed is not (BuildKit had to run it, and it
    /// left nothing). A predicted step that ran and succeeded is there now, so it needs no correction.
    /// </summary>
    /// <param name="predicted">Keys predicted cached on the agent.</param>
    /// <param name="steps">The steps that reported.</param>
    /// <returns>Keys to add to and remove from the agent's inventory.</returns>
    public static (IReadOnlyList<string> Add, IReadOnlyList<string> Remove) Corrections(
        IReadOnlySet<string> predicted, IEnumerable<StepOutcome> steps)
    {
        var add = new List<string>();
        var remove = new List<string>();
        foreach (var step in steps)
        {
            if (step.Cached && !predicted.Contains(step.Key))
            {
                add.Add(step.Key);
            }
            else if (!step.Cached && step.Failed && predicted.Contains(step.Key))
            {
                remove.Add(step.Key);
            }
        }

        return (add, remove);
    }
}
