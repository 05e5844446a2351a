namespace BuildFarm.Scheduler.Benchmarks.Farm;

/// <summary>The scheduler's clock, stopped: running builds' remaining estimates, and so the waiting reasons a pass
/// writes, come out the same on every pass, so a steady pass has nothing to rewrite; agents never miss a heartbeat.</summary>
sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    public override DateTimeOffset GetUtcNow() => now;
}
