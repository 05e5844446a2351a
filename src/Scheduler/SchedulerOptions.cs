namespace BuildFarm.Scheduler;

public sealed class SchedulerOptions
{
    /// <summary>How often agents heartbeat; three missed beats mark one offline.</summary>
    public int HeartbeatSeconds { get; set; } = 10;
    /// <summary>Attempts before a build whose agents keep vanishing is failed.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>How builds are placed: CacheAffinity (the default: where most of the build is cached), or one of the
    /// usual policies, RoundRobin or LeastLoaded, kept for comparison and for sites that want builds spread evenly.</summary>
    public PlacementPolicy Placement { get; set; } = PlacementPolicy.CacheAffinity;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatSeconds);
    public TimeSpan OfflineAfter => 3 * HeartbeatInterval;
}

public enum PlacementPolicy
{
    CacheAffinity,
    RoundRobin,
    LeastLoaded,
}
