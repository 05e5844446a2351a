using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.Faults.Benchmarks;

/// <summary>One build as a scenario left it: how long from submit to end, how many attempts, how often its long step ran.</summary>
sealed record BuildRun(string Name, int Sleep, bool SubmittedInside, BuildJson Build, int LongStepRuns)
{
    public double Seconds => ((Build.FinishedAt ?? Build.QueuedAt) - Build.QueuedAt).TotalSeconds;
    public double? LongStepSeconds => LongStep.Of(Build, Sleep)?.DurationMs / 1000.0;
    /// <summary>Work done again: a second attempt, or the long step's output seen more than once.</summary>
    public bool Redone => Build.Attempt > 1 || LongStepRuns > 1;
}

/// <param name="Away">How long the faulted part was gone; zero for the fault-free run.</param>
/// <param name="Offline">Agents not online once every build had finished.</param>
sealed record ScenarioRun(string Name, TimeSpan Away, IReadOnlyList<BuildRun> Builds, int Offline);
