namespace BuildFarm.Web.Features.Agents;

/// <summary>One agent as <c>GET /api/agents</c> and the agents page show it.</summary>
public sealed record AgentView(
    string Id,
    string Name,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    string Os,
    string Arch,
    IReadOnlyList<GpuView> Gpus,
    string? DriverVersion,
    string? CudaVersion,
    string? GpuError,
    string? DockerVersion,
    string? StorageDriver,
    string? DockerError,
    long CacheBytes,
    int Capacity,
    IReadOnlyList<Guid> RunningBuilds,
    string AgentVersion,
    DateTimeOffset LastHeartbeatAt,
    DateTimeOffset RegisteredAt)
{
    /// <summary>The most build cache the agent keeps before pruning least recently used; null when unset.</summary>
    public long? CacheBudgetBytes { get; init; }

    /// <summary>Cache-key chain steps the farm believes the agent holds (its last report, corrected by builds since).</summary>
    public int CacheKeys { get; init; }

    /// <summary>Keys the agent has reported dropping (pruned for its budget, or found missing).</summary>
    public long CacheKeysDropped { get; init; }

    /// <summary>Whether the farm lets it take builds: pending, approved, draining or revoked.</summary>
    public string Admission { get; init; } = BuildFarm.Shared.Agents.AgentAdmission.Approved;

    /// <summary>The engine address the agent builds on (<c>unix:///…</c> or <c>tcp://…</c>).</summary>
    public string? DockerHost { get; init; }
}

public sealed record GpuView(string Name, string Uuid, long MemoryMiB);
