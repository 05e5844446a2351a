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
    DateTimeOffset RegisteredAt);

public sealed record GpuView(string Name, string Uuid, long MemoryMiB);
