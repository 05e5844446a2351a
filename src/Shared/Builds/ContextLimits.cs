using System.Globalization;

namespace BuildFarm.Shared.Builds;

/// <summary>
/// The largest Dockerfile and build context the farm takes. Web refuses a build over them at submit and the agent
/// stops before it writes the context tar, each with a sentence naming the size found and the limit.
/// </summary>
/// <param name="MaxDockerfileBytes">The largest Dockerfile; anything bigger is generated data, not a recipe.</param>
/// <param name="MaxContextBytes">The most bytes of files the context may send, after <c>.dockerignore</c>.</param>
/// <param name="MaxContextFiles">The most files the context may send, after <c>.dockerignore</c>.</param>
public sealed record ContextLimits(long MaxDockerfileBytes, long MaxContextBytes, int MaxContextFiles)
{
    /// <summary>1 MiB: the largest hand-written Dockerfiles are tens of KiB.</summary>
    public const long DefaultDockerfileBytes = 1024L * 1024;

    /// <summary>10 GiB: model weights belong in a registry or a mount, not in every build's upload.</summary>
    public const long DefaultContextBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>200,000 files: more is nearly always a dataset or a node_modules the .dockerignore forgot.</summary>
    public const int DefaultContextFiles = 200_000;

    /// <summary>The farm's defaults.</summary>
    public static ContextLimits Default { get; } = new(DefaultDockerfileBytes, DefaultContextBytes, DefaultContextFiles);

    /// <summary>Why a Dockerfile of <paramref name="bytes"/> is refused, or null when it is within the limit.</summary>
    public string? DockerfileRefusal(string dockerfilePath, long bytes) => bytes <= MaxDockerfileBytes
        ? null
        : $"Dockerfile '{dockerfilePath}' is {Size(bytes)}, over the farm's limit of {Size(MaxDockerfileBytes)} for a Dockerfile";

    /// <summary>Why a <c>.dockerignore</c> of <paramref name="bytes"/> is refused, or null. It is held to the Dockerfile's
    /// limit: both are hand-written recipes that the farm reads whole into memory at submit.</summary>
    public string? IgnoreFileRefusal(string contextPath, long bytes) => bytes <= MaxDockerfileBytes
        ? null
        : $".dockerignore in context '{contextPath}' is {Size(bytes)}, over the farm's limit of {Size(MaxDockerfileBytes)} for it";

    /// <summary>Why a context of <paramref name="files"/> files and <paramref name="bytes"/> is refused, or null.
    /// With <paramref name="counting"/> the counts are a running total that stops at the first file past a limit (the
    /// agent's walk), so the sentence says "at least".</summary>
    public string? ContextRefusal(string contextPath, long bytes, int files, bool counting = false) =>
        bytes > MaxContextBytes
            ? $"Context '{contextPath}' holds {(counting ? "at least " : "")}{Size(bytes)} after .dockerignore, over the farm's limit of {Size(MaxContextBytes)}; leave data and weights out with .dockerignore"
            : files > MaxContextFiles
                ? $"Context '{contextPath}' holds {(counting ? "at least " : "")}{Count(files)} files after .dockerignore, over the farm's limit of {Count(MaxContextFiles)} files; leave data out with .dockerignore"
                : null;

    /// <summary>"2 MiB (2,097,152 bytes)": the rounded size to read, the exact one to compare with the setting.</summary>
    public static string Size(long bytes) => bytes < 1024
        ? $"{Count(bytes)} bytes"
        : $"{Rounded(bytes)} ({Count(bytes)} bytes)";

    static string Rounded(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
    };

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
