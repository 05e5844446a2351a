using BuildFarm.Shared.Agents;

namespace BuildFarm.Data;

public class Agent
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>One of <see cref="AgentStatus"/>.</summary>
    public string Status { get; set; } = AgentStatus.Online;
    /// <summary>One of <see cref="AgentAdmission"/>. Rows the scheduler creates start pending unless the agent joined
    /// with a valid token; the default holds for rows written before admission existed.</summary>
    public string Admission { get; set; } = AgentAdmission.Approved;
    public Dictionary<string, string> Labels { get; set; } = [];
    public string Os { get; set; } = "";
    public string Arch { get; set; } = "";
    public string? DockerVersion { get; set; }
    public string? StorageDriver { get; set; }
    public string? DockerError { get; set; }
    public long CacheBytes { get; set; }
    /// <summary>The most build cache the agent keeps (it prunes least recently used beyond it); null when unset.</summary>
    public long? CacheBudgetBytes { get; set; }
    /// <summary>Cache keys the farm believes the agent holds: kept with every change to them, so the live agents page
    /// does not count the inventory table on every heartbeat.</summary>
    public int CacheKeyCount { get; set; }
    /// <summary>Keys the agent has reported dropping, in all (pruned for its budget or found missing).</summary>
    public long CacheKeysDropped { get; set; }
    public int Capacity { get; set; } = 1;
    public List<Guid> RunningBuilds { get; set; } = [];
    public List<Gpu> Gpus { get; set; } = [];
    public string? DriverVersion { get; set; }
    public string? CudaVersion { get; set; }
    public string? GpuError { get; set; }
    public string AgentVersion { get; set; } = "";
    /// <summary>The engine address the agent builds on, as it reported it.</summary>
    public string? DockerHost { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastHeartbeatAt { get; set; }
}

public record Gpu(string Name, string Uuid, long MemoryMiB);
