namespace BuildFarm.Contracts;

/// <summary>A base image of a release build, pinned to what its tag named when the build was submitted.</summary>
/// <param name="Reference">The reference as the Dockerfile names it (<c>pytorch/pytorch:2.9-cuda12.1</c>).</param>
/// <param name="Digest">What the tag pointed at, as the registry names it (an index digest for multi-platform
/// images): the value an agent compares the tag's current digest with.</param>
/// <param name="PlatformDigest">The manifest of the platform planned, BuildKit's own key for the base; null when the
/// registry did not say.</param>
public record BasePin(string Reference, string Digest, string? PlatformDigest = null);
