namespace BuildFarm.Agent.Docker;

/// <summary>Query parameters of <c>POST /build</c> the farm sets.</summary>
/// <param name="Dockerfile">Path of the Dockerfile inside the context tar.</param>
/// <param name="Labels">Labels to set on the image (a release build's pinned bases); null for none.</param>
public sealed record BuildParameters(
    string Dockerfile,
    IReadOnlyList<string> Tags,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArgs,
    bool NoCache,
    bool Pull,
    string? NetworkMode,
    IReadOnlyDictionary<string, string>? Labels = null);
