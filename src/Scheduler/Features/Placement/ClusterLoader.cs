using BuildFarm.Scheduler.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>Reads the snapshot placement decides over: agents with their load and cache inventory, and step timings.</summary>
static class ClusterLoader
{
    public static async Task<ClusterSnapshot> LoadAsync(FarmDbContext db, CancellationToken ct)
    {
        // Load from the builds table rather than heartbeats: a heartbeat lags behind assignments just made.
        var load = await db.Builds
            .Where(b => b.AgentId != null && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running))
            .GroupBy(b => b.AgentId!)
            .Select(g => new { AgentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.AgentId, x => x.Count, ct);
        var keys = (await db.AgentCacheKeys.Select(k => new { k.AgentId, k.Key }).ToListAsync(ct))
            .GroupBy(k => k.AgentId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(k => k.Key).ToHashSet(StringComparer.Ordinal));
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        var snapshots = agents.Select(a =>
        {
            var held = keys.GetValueOrDefault(a.Id) ?? new HashSet<string>();
            return new AgentSnapshot(a.Id, a.Name, a.Status == "online", a.Capacity, load.GetValueOrDefault(a.Id), a.DockerError)
            {
                Platform = a.Os.Length > 0 ? Platforms.FromEngine(a.Os, a.Arch) : "linux/amd64",
                Labels = a.Labels,
                // A FROM step's key is its base digest, so one set answers both questions.
                CacheKeys = held,
                BaseDigests = held,
                GpuCount = a.Gpus.Count,
                DriverVersion = a.DriverVersion,
                GpuError = a.GpuError,
            };
        }).ToList();

        // What steps took when they really ran (not cached), the most recent builds first.
        var measured = await db.BuildSteps
            .Where(s => s.Status == "done" && s.DurationMs != null)
            .OrderByDescending(s => s.StartedAt)
            .Take(5000)
            .Select(s => new { s.Instruction, s.DurationMs })
            .ToListAsync(ct);
        var byInstruction = measured.GroupBy(s => s.Instruction)
            .ToDictionary(g => g.Key, g => g.Average(s => s.DurationMs!.Value) / 1000.0);
        return new ClusterSnapshot(snapshots) { Durations = new StepDurations(byInstruction: byInstruction) };
    }
}
