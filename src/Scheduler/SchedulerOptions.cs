namespace BuildFarm.Scheduler;

public sealed class SchedulerOptions
{
    /// <summary>How often agents heartbeat; three missed beats mark one offline.</summary>
    public int HeartbeatSeconds { get; set; } = 10;
    /// <summary>Attempts before a build whose agents keep vanishing is failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatSeconds);
    public TimeSpan OfflineAfter => 3 * HeartbeatInterval;
}
