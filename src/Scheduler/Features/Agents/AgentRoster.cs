using System.Collections.Concurrent;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// Keeps the agents table in step with what agents say of themselves, and notices builds an agent no longer has.
/// A build the agent does not list is given a grace period before it is requeued, because its BuildStarted or
/// BuildFinished may still be on its way through another queue; one whose attempt the agent says it ended is never
/// taken for lost, since its BuildFinished will settle it, however long the build events' queue takes to get there.
/// The grace is counted on this process's clock, from when the scheduler first read a report without the build: after
/// an outage (scheduler stopped or frozen, broker away) a backlog of heartbeats spanning a minute of the agent's time is
/// read in a second. An assigned build the agent does not list yet may still wait in the agent's queue: the agent reads
/// it only once its receive endpoint is connected, which after any break in its connection can come up to
/// <see cref="HeartbeatHorizon.ReconnectGrace"/> after its heartbeats flow again, so it is given that much longer.
/// </summary>
public sealed class AgentRoster(IOptions<SchedulerOptions> options, JoinGate gate, TimeProvider clock)
{
    /// <summary>What a report changed: whether it was the agent's latest (an older one is ignored), and the builds the
    /// agent no longer has.</summary>
    public sealed record Recorded(bool Latest, IReadOnlyList<Build> Lost);

    readonly ConcurrentDictionary<Guid, DateTimeOffset> _missingSince = new();

    /// <param name="joinToken">What the report presented (<see cref="AgentRegistered.JoinToken"/>).</param>
    public async Task<Recorded> RecordAsync(FarmDbContext db, AgentInfo info, DateTimeOffset at, bool registration, string? joinToken,
        CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == info.Id, ct);
        if (agent is null)
        {
            agent = new Agent { Id = info.Id, Name = info.Name, RegisteredAt = at, Admission = gate.Initial };
            db.Agents.Add(agent);
        }
        if (registration)
            agent.RegisteredAt = at;
        // Heartbeats too: a registration published before the scheduler's queue existed never arrives.
        await gate.AdmitAsync(db, agent, joinToken, warn: registration, ct);
        // Out-of-order heartbeats must not roll the agent back.
        if (at < agent.LastHeartbeatAt)
            return new(false, []);
        Apply(agent, info, at);
        return new(true, await LostBuildsAsync(db, info, registration, ct));
    }

    static void Apply(Agent agent, AgentInfo info, DateTimeOffset at)
    {
        agent.Name = info.Name;
        agent.Status = AgentStatus.Online;
        agent.Labels = info.Labels.ToDictionary();
        agent.Os = info.Os;
        agent.Arch = info.Arch;
        agent.DockerVersion = info.DockerVersion;
        agent.StorageDriver = info.StorageDriver;
        agent.DockerError = info.DockerError;
        agent.CacheBytes = info.CacheBytes;
        agent.Capacity = Math.Max(1, info.Capacity);
        agent.RunningBuilds = info.RunningBuilds.ToList();
        agent.Gpus = info.Gpus.Select(g => new Gpu(g.Name, g.Uuid, g.MemoryMiB)).ToList();
        agent.DriverVersion = info.DriverVersion;
        agent.CudaVersion = info.CudaVersion;
        agent.GpuError = info.GpuError;
        agent.AgentVersion = info.AgentVersion;
        agent.DockerHost = info.DockerHost;
        agent.LastHeartbeatAt = at;
    }

    async Task<IReadOnlyList<Build>> LostBuildsAsync(FarmDbContext db, AgentInfo info, bool registration, CancellationToken ct)
    {
        var held = info.RunningBuilds.ToHashSet();
        var ended = (info.EndedAttempts ?? []).ToHashSet();
        var ours = await db.Builds
            .Where(b => b.AgentId == info.Id && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
            .ToListAsync(ct);
        var lost = new List<Build>();
        var grace = 2 * options.Value.HeartbeatInterval;
        foreach (var build in ours)
        {
            if (held.Contains(build.Id) || ended.Contains(new EndedAttempt(build.Id, build.Attempt)))
            {
                _missingSince.TryRemove(build.Id, out _);
                continue;
            }
            // A restarted agent lost whatever it was running; an assignment may still sit in its queue.
            if (registration && build.Status == BuildStatus.Running)
            {
                lost.Add(build);
                continue;
            }
            var now = clock.GetUtcNow();
            var since = _missingSince.GetOrAdd(build.Id, now);
            // After a broker outage a burst of heartbeats queued while the scheduler was away, none holding the build,
            // came in 14 s after it was sent, while the agent's own queue was still in its reconnect back-off.
            var unread = build.Status == BuildStatus.Assigned ? HeartbeatHorizon.ReconnectGrace : TimeSpan.Zero;
            var assignedLongAgo = (build.AssignedAt ?? now) <= now - grace - unread;
            if (now - since >= grace && assignedLongAgo)
                lost.Add(build);
        }
        foreach (var build in lost)
            _missingSince.TryRemove(build.Id, out _);
        return lost;
    }
}
