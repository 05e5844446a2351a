using BuildFarm.Agent.Docker;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>
/// Holds a release build to the base digests pinned at submit. Each tag is asked what it names through the engine,
/// the same registry client BuildKit pulls with, once before the build and once after it: a tag that moved before the
/// build stops it before any step runs, and one that moved while BuildKit resolved it fails the build rather than
/// record a digest the image may not be built on.
/// </summary>
/// <remarks>Checking rather than rewriting the Dockerfile's FROM lines to <c>@sha256</c>: a release must fail when its
/// tag moved (the team asked for the tag, and a silent build on the old digest would hide that it is stale), and a
/// rewrite would have to re-expand every ARG in every FROM exactly as BuildKit does.</remarks>
public sealed class ReleaseGate(EngineImages images)
{
    /// <summary>The OCI annotation keys for the base an image is built on, set as image labels.</summary>
    public const string BaseNameLabel = "org.opencontainers.image.base.name";
    public const string BaseDigestLabel = "org.opencontainers.image.base.digest";
    /// <summary>Every pinned base, "reference@digest" comma-separated, for multi-stage builds with several bases.</summary>
    public const string PinnedBasesLabel = "dev.buildfarm.release.bases";

    /// <summary>Why the release must not (or no longer) count, or null when every tag still names its pinned digest.</summary>
    /// <param name="when">"before" or "after": whether BuildKit has resolved the tags yet, for the sentence.</param>
    public async Task<string?> MovedAsync(IReadOnlyList<BasePin> pins, string when, CancellationToken ct)
    {
        foreach (var pin in pins)
        {
            string current;
            try
            {
                current = await images.TagDigestAsync(pin.Reference, ct);
            }
            catch (DockerEngineException e)
            {
                return $"Release build stopped: could not confirm that base image {pin.Reference} still names {pin.Digest}, " +
                       $"the digest pinned at submit: {e.Message}";
            }
            if (!string.Equals(current, pin.Digest, StringComparison.Ordinal))
                return when == Before
                    ? $"Release build stopped: base image {pin.Reference} moved from {pin.Digest} (pinned at submit) to {current} " +
                      "before the build ran. Queue the release again to build on the new digest."
                    : $"Release build failed: base image {pin.Reference} moved from {pin.Digest} (pinned at submit) to {current} " +
                      "while the build ran, so the image may be built on either. Queue the release again.";
        }
        return null;
    }

    public const string Before = "before";
    public const string After = "after";

    /// <summary>The labels that record the pinned bases in the image itself, the target's own base first.</summary>
    public static IReadOnlyDictionary<string, string>? Labels(IReadOnlyList<BasePin>? pins) =>
        pins is not { Count: > 0 }
            ? null
            : new Dictionary<string, string>
            {
                [BaseNameLabel] = pins[0].Reference,
                [BaseDigestLabel] = pins[0].Digest,
                [PinnedBasesLabel] = string.Join(",", pins.Select(p => $"{p.Reference}@{p.Digest}")),
            };
}
