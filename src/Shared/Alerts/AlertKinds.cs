namespace BuildFarm.Shared.Alerts;

/// <summary>The kinds of alert the farm raises, as the API spells them.</summary>
public static class AlertKinds
{
    /// <summary>The cache-hit rate of the last day fell well below its 7-day baseline.</summary>
    public const string HitRateDrop = "hit-rate-drop";
    /// <summary>A base tag a build used points at a new digest.</summary>
    public const string BaseMoved = "base-moved";
    /// <summary>A build failed on a step that passed on the previous build of the same commit.</summary>
    public const string StepRegressed = "step-regressed";
}
