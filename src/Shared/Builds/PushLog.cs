namespace BuildFarm.Shared.Builds;

/// <summary>Where a build's push writes its log: beside its steps' logs, under a step index no Dockerfile step takes,
/// with no step row of its own (a push is no Dockerfile step, so it stays out of every step count, timing and
/// cache figure).</summary>
public static class PushLog
{
    /// <summary>The step index the push's log batches carry.</summary>
    public const int StepIndex = 1_000_000;

    /// <summary>The heading the log puts above the push's lines.</summary>
    public const string Title = "push";
}
