namespace BuildFarm.Contracts;

/// <summary>What an agent says about itself on registration and every heartbeat. Field names match <c>GET /api/agents</c>
/// and the agent's <c>describe</c> output.</summary>
/// <param name="Id">Stable id kept on the agent's disk.</param>
/// <param name="Name">Host name (or a configured name).</param>
/// <param name="Labels">Labels from configuration, e.g. gpu=a100.</param>
/// <param name="Os">Operating system of the Docker engine.</param>
/// <param name="Arch">Architecture of the Docker engine.</param>
/// <param name="DockerVersion">Engine version, or null when the engine does not answer.</param>
/// <param name="StorageDriver">Engine storage driver.</param>
/// <param name="DockerError">Why the engine could not be reached, when it could not.</param>
/// <param name="CacheBytes">Build-cache size from /system/df.</param>
/// <param name="Capacity">How many builds the agent runs at once.</param>
/// <param name="RunningBuilds">Builds it is working on right now.</param>
/// <param name="Gpus">GPUs found by nvidia-smi.</param>
/// <param name="DriverVersion">NVIDIA driver version, when nvidia-smi answered.</param>
/// <param name="CudaVersion">Highest CUDA version the driver supports.</param>
/// <param name="GpuError">nvidia-smi's own message when it failed; GPUs are then unavailable but builds still run.</param>
/// <param name="AgentVersion">The agent's own version.</param>
/// <param name="DockerHost">The engine address the agent builds on (Agent:DockerHost), so an operator can find the
/// engine behind an agent; null from agents older than the field.</param>
/// <param name="EndedAttempts">Attempts it ended whose result it has yet to send or sent lately: no longer running, but
/// their <see cref="BuildFinished"/> may not have reached the scheduler yet (it travels through another queue, and after a
/// broker outage waits behind the events of the outage), so they must not be taken for lost; null from agents older
/// than the field.</param>
public record AgentInfo(
    string Id,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Os,
    string Arch,
    string? DockerVersion,
    string? StorageDriver,
    string? DockerError,
    long CacheBytes,
    int Capacity,
    IReadOnlyList<Guid> RunningBuilds,
    IReadOnlyList<GpuInfo> Gpus,
    string? DriverVersion,
    string? CudaVersion,
    string? GpuError,
    string AgentVersion,
    string? DockerHost = null,
    IReadOnlyList<EndedAttempt>? EndedAttempts = null);
