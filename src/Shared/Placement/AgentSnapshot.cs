namespace BuildFarm.Shared.Placement;

/// <summary>One agent as placement sees it at the moment of a decision.</summary>
/// <remarks>The positional part is what every ranking reads; the hard constraints and cache-affinity ranking also read
/// the init-only properties, whose defaults describe an amd64 agent with no labels, no GPU and a cold cache.</remarks>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Online">False once the agent missed three heartbeats.</param>
/// <param name="Capacity">Builds it runs at once.</param>
/// <param name="Running">Builds assigned to it or running on it now (queued ones on its own queue included).</param>
/// <param name="DockerError">Set while the agent cannot reach its Docker engine.</param>
public record AgentSnapshot(string Id, string Name, bool Online, int Capacity, int Running, string? DockerError)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <summary>The platform its engine builds for, "os/arch[/variant]" ("linux/amd64"); see <see cref="Platforms.Normalize"/>.</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>Whether the farm lets it take builds, one of <c>AgentAdmission</c>'s states.</summary>
    public string Admission { get; init; } = Agents.AgentAdmission.Approved;

    /// <summary>Labels from its configuration (gpu=a100, zone=eu).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The cache keys it holds (64 hex digits each, as <c>CacheKeyChain</c> computes them); read only when
    /// the snapshot has no <see cref="ClusterSnapshot.Index"/>. Give a <see cref="HashSet{T}"/> with the ordinal
    /// comparer (or <see cref="CacheIndex.KeysOf"/>): placement looks keys up once per agent and held step.</summary>
    public IReadOnlySet<string> CacheKeys { get; init; } = None;

    /// <summary>The base image digests ("sha256:…") present in its engine.</summary>
    public IReadOnlySet<string> BaseDigests { get; init; } = None;

    /// <summary>The keys and base digests that the builds already assigned to it (<see cref="Running"/>) will leave:
    /// the scheduler knows them from its own plans. A build that has to queue there starts after at least one of
    /// them is done, so placement counts these as held for such a build (and only then).</summary>
    public IReadOnlySet<string> IncomingKeys { get; init; } = None;

    /// <summary>Expected seconds still ahead of each build in <see cref="Running"/>: running builds first (their
    /// remaining time, see <see cref="Remaining"/>), then the ones waiting on its queue in the order it will start
    /// them. Builds without an entry count as <see cref="PlacementOptions.UnknownBuildSeconds"/>.</summary>
    public IReadOnlyList<double> WorkAheadSeconds { get; init; } = [];

    /// <summary>
    /// What is left of a running build: its prediction less the time it has run; once it runs past the prediction,
    /// as long again as it has overrun so far. Counting an overrunning build as about to finish would keep builds
    /// waiting for its agent for as long as the overrun lasts (a step predicted cached that is really running a
    /// 20-minute install); this way the agent looks busier the longer the surprise goes on.
    /// </summary>
    /// <param name="predictedSeconds">Its predicted run time.</param>
    /// <param name="elapsedSeconds">How long it has run.</param>
    /// <returns>Expected seconds until it ends.</returns>
    public static double Remaining(double predictedSeconds, double elapsedSeconds) =>
        Math.Abs(predictedSeconds - Math.Max(0, elapsedSeconds));

    /// <summary>Working NVIDIA GPUs found by nvidia-smi.</summary>
    public int GpuCount { get; init; }

    /// <summary>The NVIDIA driver version ("535.104.05"), when nvidia-smi answered.</summary>
    public string? DriverVersion { get; init; }

    /// <summary>nvidia-smi's own message when it failed: the GPUs cannot be used then.</summary>
    public string? GpuError { get; init; }
}
