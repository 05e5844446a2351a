namespace BuildFarm.Agent.Docker;

/// <summary>Query parameters of <c>POST /build</c> the farm sets.</summary>
/// <param name="Dockerfile">Path of the Dockerfile inside the context tar.</param>
public sealed record BuildParameters(
    string Dockerfile,
    IReadOnlyList<string> Tags,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArgs,
    bool NoCache,
    bool Pull,
    string? NetworkMode);
