using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Scheduler;

public sealed class SchedulerOptions
{
    /// <summary>How often agents heartbeat; three missed beats mark one offline.</summary>
    public int HeartbeatSeconds { get; set; } = 10;
    /// <summary>Attempts before a build whose agents keep vanishing is failed.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>How eligible agents are ranked: CacheAffinity (the default: where most of the build is cached), or one
    /// of the usual policies, RoundRobin or LeastLoaded, kept for comparison and for sites that want builds spread
    /// evenly. The hard constraints (platform, labels, GPU and driver, online, room) hold whatever is chosen.</summary>
    public PlacementPolicy Placement { get; set; } = PlacementPolicy.CacheAffinity;
    /// <summary>Cache affinity: builds an agent may hold in its own queue beyond its slots (0: a free slot or nothing).</summary>
    public int MaxQueuedPerAgent { get; set; } = PlacementOptions.Default.MaxQueuedPerAgent;
    /// <summary>Cache affinity: how much sooner (seconds) a full agent must be expected to finish a build than the best
    /// free one for the build to wait for it.</summary>
    public double HoldMarginSeconds { get; set; } = PlacementOptions.Default.HoldMarginSeconds;

    /// <summary>How long a build may wait in the farm's queue for an agent that meets its requirements to have room
    /// (or come back) before it fails with the reason it waited: a day.</summary>
    public int MaxQueueMinutes { get; set; } = 1440;
    /// <summary>Most bytes of log kept per build, all attempts and steps together; past it the log is cut with a note.</summary>
    public long LogBudgetBytes { get; set; } = BuildLogLimits.DefaultBudgetBytes;

    /// <summary>Whether an agent must present a valid join token (Agent:JoinToken) to take builds; one without stays
    /// pending until an admin approves it. Off, every new agent is approved as it registers (a closed network only).</summary>
    public bool RequireJoinToken { get; set; } = true;
    /// <summary>A join token set in configuration rather than made on the API: how the run command admits the farm's
    /// own agents. It is never stored; changing the setting revokes it.</summary>
    public string? JoinToken { get; set; }

    /// <summary>What cache-affinity placement assumes and how far it lets builds queue or wait.</summary>
    public PlacementOptions PlacementOptions => PlacementOptions.Default with
    {
        MaxQueuedPerAgent = MaxQueuedPerAgent,
        HoldMarginSeconds = HoldMarginSeconds,
    };

    public TimeSpan MaxQueueTime => TimeSpan.FromMinutes(MaxQueueMinutes);

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatSeconds);
    public TimeSpan OfflineAfter => 3 * HeartbeatInterval;
    /// <summary>How often the liveness sweep runs: twice a heartbeat, at least once a second.</summary>
    public TimeSpan SweepPeriod => TimeSpan.FromSeconds(Math.Max(1, HeartbeatSeconds / 2.0));
}

public enum PlacementPolicy
{
    CacheAffinity,
    RoundRobin,
    LeastLoaded,
}
