namespace BuildFarm.Web.Tests;

/// <summary>A clock the test moves by hand, for the registry client's token and digest lifetimes.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
