using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Data;

/// <summary>An agent row as placement sees it, read the same way by the scheduler (every decision) and by Web (the
/// refusal at submit), so both judge an agent's platform, labels and GPUs alike.</summary>
public static class AgentSnapshots
{
    /// <param name="agent">The stored agent.</param>
    /// <param name="running">Builds assigned to it or running on it now.</param>
    /// <returns>Its snapshot, with a cold cache and no work ahead.</returns>
    public static AgentSnapshot ToSnapshot(this Agent agent, int running = 0) =>
        new(agent.Id, agent.Name, agent.Status == AgentStatus.Online, agent.Capacity, running, agent.DockerError)
        {
            Platform = agent.Os.Length > 0 ? Platforms.FromEngine(agent.Os, agent.Arch) : "linux/amd64",
            Admission = agent.Admission,
            Labels = agent.Labels,
            GpuCount = agent.Gpus.Count,
            DriverVersion = agent.DriverVersion,
            GpuError = agent.GpuError,
        };
}
