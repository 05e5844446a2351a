namespace BuildFarm.Shared.Placement;

/// <summary>Why an agent could not take a build. New members go at the end: stored decisions keep their numbers.</summary>
public enum Rejection
{
    /// <summary>It stopped heartbeating.</summary>
    Offline,

    /// <summary>Its Docker engine does not answer.</summary>
    EngineDown,

    /// <summary>All its build slots are taken (and, for cache-affinity placement, its queue is at the cap).</summary>
    NoFreeCapacity,

    /// <summary>Its engine builds for another platform than the build's target.</summary>
    PlatformMismatch,

    /// <summary>It lacks a label the build asks for (or has it with another value).</summary>
    LabelsMissing,

    /// <summary>The build has a GPU check and the agent has no working GPU.</summary>
    NoGpu,

    /// <summary>The build has a GPU check and the agent's NVIDIA driver cannot run the image's CUDA version.</summary>
    DriverTooOld,

    /// <summary>An admin has not approved it (it joined without a valid join token), or revoked it.</summary>
    NotApproved,

    /// <summary>An admin is draining it: it finishes what it has and takes nothing new.</summary>
    Draining,
}
