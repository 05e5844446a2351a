namespace BuildFarm.Agent.Docker;

/// <summary>The parts of <c>GET /version</c> the agent uses.</summary>
public sealed record EngineVersion(string Version, string ApiVersion, string? MinApiVersion, string Os, string Arch);

/// <summary>The parts of <c>GET /info</c> the agent reports about its engine.</summary>
public sealed record EngineFacts(string OsType, string Architecture, string ServerVersion, string Driver);
