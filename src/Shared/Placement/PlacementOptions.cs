namespace BuildFarm.Shared.Placement;

/// <summary>The numbers cache-affinity placement assumes where it has no measurement.</summary>
public sealed record PlacementOptions
{
    /// <summary>The defaults below.</summary>
    public static PlacementOptions Default { get; } = new();

    /// <summary>Pull-and-extract speed of a base image: 50 MB/s, what a build host usually gets from a registry
    /// once layer extraction is counted, so a 4 GB CUDA base costs about 80 s.</summary>
    public double PullBytesPerSecond { get; init; } = 50_000_000;

    /// <summary>Size assumed for a base whose size the registry did not give: 4 GB, a CUDA runtime base with cuDNN
    /// and PyTorch.</summary>
    public long DefaultBaseBytes { get; init; } = 4_000_000_000;

    /// <summary>
    /// How many builds may wait on an agent's own queue beyond its slots. A busy agent is not rejected outright:
    /// its queue wait is charged against what its cache saves, so a very warm agent can still win. The cap keeps
    /// one hot agent from collecting a long queue on estimates that may be wrong; past it the agent is rejected
    /// as <see cref="Rejection.NoFreeCapacity"/>. 0 restores "free slot or nothing".
    /// </summary>
    public int MaxQueuedPerAgent { get; init; } = 2;

    /// <summary>
    /// How much sooner (seconds) an agent that is full, slots and queue, must be expected to finish a build than the
    /// best agent that could take it now, for the build to wait in the farm's queue for it rather than start there:
    /// 60. Smaller differences are within what the estimates get wrong, and waiting is not free.
    /// </summary>
    public double HoldMarginSeconds { get; init; } = 60;

    /// <summary>Seconds assumed for a build in <see cref="AgentSnapshot.Running"/> without an estimate: 300.</summary>
    public double UnknownBuildSeconds { get; init; } = 300;
}
