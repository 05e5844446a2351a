namespace BuildFarm.Shared.Placement;

/// <summary>One agent as placement sees it at the moment of a decision.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Online">False once the agent missed three heartbeats.</param>
/// <param name="Capacity">Builds it runs at once.</param>
/// <param name="Running">Builds assigned to it or running on it now.</param>
/// <param name="DockerError">Set while the agent cannot reach its Docker engine.</param>
public record AgentSnapshot(string Id, string Name, bool Online, int Capacity, int Running, string? DockerError);
