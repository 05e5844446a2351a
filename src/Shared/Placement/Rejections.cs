namespace BuildFarm.Shared.Placement;

/// <summary>The two kinds of <see cref="Rejection"/>.</summary>
public static class Rejections
{
    /// <summary>
    /// True for what the build needs of an agent whatever its state (platform, labels, GPU, driver): such a rejection
    /// lasts as long as the agent's configuration does. The others (offline, engine down, no room) pass with time.
    /// </summary>
    /// <param name="rejection">A rejection.</param>
    /// <returns>Whether waiting cannot cure it.</returns>
    public static bool IsRequirement(this Rejection rejection) =>
        rejection is Rejection.PlatformMismatch or Rejection.LabelsMissing or Rejection.NoGpu or Rejection.DriverTooOld;
}
