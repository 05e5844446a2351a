using BuildFarm.Shared.Builds;
using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Load.Benchmarks.Readout;

public sealed record BuildRow(
    Guid Id, string Status, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempt,
    string? AgentId, string? ImageId, string? Error);

public sealed record AttemptRow(
    Guid BuildId, int Number, string AgentId, DateTimeOffset AssignedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string Outcome);

/// <summary>A "running" entry of a build's audit trail: one per start the scheduler recorded.</summary>
public sealed record StartEvent(Guid BuildId, DateTimeOffset At, string Message);

/// <summary>What the farm's database says about every build of the run, read once it is over.</summary>
public sealed record FarmRecord(
    IReadOnlyDictionary<Guid, BuildRow> Builds,
    ILookup<Guid, AttemptRow> Attempts,
    ILookup<Guid, StartEvent> Starts,
    IReadOnlyDictionary<string, string> AgentNames);

/// <summary>Reads the run's own database directly (the builds, build_attempts and build_events tables), never through
/// the API the bench is loading.</summary>
sealed class FarmRecords(TestDatabase database)
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Builds queued, assigned or running now.</summary>
    public Task<int> InFlightAsync() => database.WithDbAsync(db => db.Builds.CountAsync(b =>
        b.Status == BuildStatus.Queued || b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running));

    /// <summary>Waits until no build is in flight; false when some still are at the deadline.</summary>
    public async Task<bool> WaitForAllAsync(DateTimeOffset deadline)
    {
        while (await InFlightAsync() > 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
                return false;
            await Task.Delay(Poll);
        }
        return true;
    }

    public Task<FarmRecord> ReadAsync() => database.WithDbAsync(async db =>
    {
        var builds = await db.Builds.AsNoTracking()
            .Select(b => new BuildRow(b.Id, b.Status, b.QueuedAt, b.StartedAt, b.FinishedAt, b.Attempt, b.AgentId, b.ImageId, b.Error))
            .ToListAsync();
        var attempts = await db.BuildAttempts.AsNoTracking()
            .Select(a => new AttemptRow(a.BuildId, a.Number, a.AgentId, a.AssignedAt, a.StartedAt, a.EndedAt, a.Outcome))
            .ToListAsync();
        var starts = await db.BuildEvents.AsNoTracking()
            .Where(e => e.Status == BuildStatus.Running)
            .Select(e => new StartEvent(e.BuildId, e.At, e.Message))
            .ToListAsync();
        var agents = await db.Agents.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name);
        return new FarmRecord(builds.ToDictionary(b => b.Id), attempts.ToLookup(a => a.BuildId), starts.ToLookup(s => s.BuildId), agents);
    });
}
