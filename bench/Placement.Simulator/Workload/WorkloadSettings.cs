namespace BuildFarm.Placement.Simulator.Workload;

/// <summary>The shape of a simulated farm and its load. Every number is in seconds and bytes.</summary>
internal sealed record WorkloadSettings
{
    public int Seed { get; init; } = 20261123;
    public double Hours { get; init; } = 24;
    public int Repositories { get; init; } = 48;
    public int Families { get; init; } = 10;

    /// <summary>Steady arrivals per hour, besides bursts.</summary>
    public double BuildsPerHour { get; init; } = 40;

    /// <summary>Mean hours between bursts (a dependency bump or a release train starting CI across repositories).</summary>
    public double HoursBetweenBursts { get; init; } = 2;
    public int BurstMin { get; init; } = 10;
    public int BurstMax { get; init; } = 25;

    /// <summary>Zipf exponent of repository popularity: a few hot repositories take most builds.</summary>
    public double Skew { get; init; } = 1.1;
    public double CodeOnlyShare { get; init; } = 0.85;
    public double RequirementsShare { get; init; } = 0.10;

    /// <summary>Chance that a requirements change adopts its family's newest shared pin rather than a local edit.</summary>
    public double AdoptPinShare { get; init; } = 0.6;

    /// <summary>Mean hours between moves of one base tag to a new digest.</summary>
    public double HoursBetweenBaseMoves { get; init; } = 16;

    /// <summary>Mean hours between new shared requirement pins in a family.</summary>
    public double HoursBetweenPins { get; init; } = 8;

    public int[] AgentCapacities { get; init; } = [2, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1];
    public int AgentsAtStart { get; init; } = 9;

    /// <summary>Mean hours an agent stays up before it leaves (reboot, spot reclaim, maintenance).</summary>
    public double MeanUptimeHours { get; init; } = 6;
    public double MinDowntimeMinutes { get; init; } = 20;
    public double MaxDowntimeMinutes { get; init; } = 90;

    /// <summary>Chance an agent comes back as a fresh host with an empty cache.</summary>
    public double WipedOnReturn { get; init; } = 0.5;

    public long CacheBudgetBytes { get; init; } = 60_000_000_000;
    public double PullBytesPerSecond { get; init; } = 50_000_000;

    /// <summary>A step BuildKit finds cached still costs a little (cache lookup, layer mount).</summary>
    public double CachedStepSeconds { get; init; } = 0.2;

    public static WorkloadSettings Quick => new() { Hours = 4, Repositories = 24, Families = 6, HoursBetweenBaseMoves = 4, HoursBetweenPins = 3, MeanUptimeHours = 2 };
}
