namespace BuildFarm.Web.Features.Registry;

/// <summary>How much a <see cref="DigestResolution"/> can be trusted.</summary>
public enum DigestStatus
{
    /// <summary>Asked the registry just now.</summary>
    Resolved,

    /// <summary>Resolved within the cache window; not asked again.</summary>
    Cached,

    /// <summary>The registry is in trouble (<see cref="RegistryError.IsTransient"/>); this is the last digest known.</summary>
    Stale,

    /// <summary>The registry is in trouble and no digest was ever known: place the build with "digest unknown".</summary>
    Unknown,

    /// <summary>The registry answered that the reference cannot be resolved (404, 401, no such platform, bad
    /// reference): waiting will not help, so a submit should be refused with <see cref="DigestResolution.Error"/>.</summary>
    Failed,
}

/// <summary>A base reference's digest as planning should use it, with what went wrong. Whether the tag moved is
/// the <see cref="DigestLedger"/>'s to say: it remembers across restarts.</summary>
/// <param name="Reference">The normalized reference ("docker.io/nvidia/cuda:12.1.0-base-ubuntu22.04"), or the text as
/// given when it does not parse.</param>
/// <param name="Platform">The platform resolved for.</param>
/// <param name="Status">Fresh, cached, stale, unknown or failed.</param>
/// <param name="Image">The resolution in force: current, cached or (when stale) last known; null when unknown/failed.</param>
/// <param name="Error">Why the registry could not answer; null when resolved or cached.</param>
public sealed record DigestResolution(
    string Reference,
    ImagePlatform Platform,
    DigestStatus Status,
    ImageResolution? Image,
    RegistryError? Error)
{
    /// <summary>What the reference points at (the index digest for multi-platform images), when known.</summary>
    public string? Digest => Image?.Digest;

    /// <summary>The platform manifest digest, BuildKit's key for FROM, when known.</summary>
    public string? PlatformDigest => Image?.PlatformDigest;

    /// <summary>Why a build naming this base should be refused at submit time, or null when it may be queued
    /// (a stale or unknown digest is not a reason: placement goes on with "digest unknown").</summary>
    public string? RejectionReason => Status == DigestStatus.Failed ? Error?.Message : null;
}
