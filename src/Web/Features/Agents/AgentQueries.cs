using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Agents;

public static class AgentQueries
{
    public static async Task<List<AgentView>> AgentsAsync(this FarmDbContext db, CancellationToken cancellationToken = default)
    {
        var agents = await db.Agents.AsNoTracking()
            .OrderBy(a => a.Status == AgentStatus.Online ? 0 : 1).ThenBy(a => a.Name).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        // Gpus is a JSON column: it is mapped here, after the read, rather than inside the SQL projection.
        return agents.Select(a => new AgentView(
                a.Id, a.Name, a.Status, a.Labels, a.Os, a.Arch,
                a.Gpus.Select(g => new GpuView(g.Name, g.Uuid, g.MemoryMiB)).ToList(),
                a.DriverVersion, a.CudaVersion, a.GpuError, a.DockerVersion, a.StorageDriver, a.DockerError,
                a.CacheBytes, a.Capacity, a.RunningBuilds, a.AgentVersion, a.LastHeartbeatAt, a.RegisteredAt)
            {
                CacheBudgetBytes = a.CacheBudgetBytes,
                CacheKeys = a.CacheKeyCount,
                CacheKeysDropped = a.CacheKeysDropped,
                DockerHost = a.DockerHost,
                Admission = a.Admission,
            })
            .ToList();
    }
}
