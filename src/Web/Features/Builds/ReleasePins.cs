using BuildFarm.Contracts;
using BuildFarm.Web.Features.Planning;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// A release build's bases, pinned to the digests their tags named at submit. A release that cannot name every base's
/// digest is refused then: building it anyway would record an image nobody can reproduce.
/// </summary>
public static class ReleasePins
{
    /// <summary>The spec a release asks for: whatever the form or the script said, no cache and pulled bases.</summary>
    public static BuildSpec Enforce(BuildSpec spec) => spec.Release ? spec with { NoCache = true, Pull = true } : spec;

    /// <summary>For a release, every base pinned, the target's own first, or why the release cannot be pinned;
    /// nothing for an everyday build.</summary>
    public static (IReadOnlyList<BasePin> Pins, string? Refusal) For(BuildSpec spec, PlanningResult? planned)
    {
        if (!spec.Release)
            return ([], null);
        if (planned is null)
            return ([], "A release build pins its bases to their digests at submit, and this farm does not plan builds at submit (Farm:PlanAtSubmit is off).");
        // Only a digest the registry gave for this submit: a stale one (the registry failed, the last known answer
        // stood in) may already be out of date.
        var unknown = planned.Bases.FirstOrDefault(b => b.TagDigest is null || b.Status != Resolved);
        if (unknown is not null)
            return ([], $"A release build pins its bases to their digests at submit, and the registry could not say what {unknown.Reference} names now: {unknown.Note ?? unknown.Status}.");
        var pins = planned.Bases
            .OrderBy(b => b.Reference == planned.TargetBase ? 0 : 1)
            .Select(b => new BasePin(b.Reference, b.TagDigest!, b.Digest))
            .ToList();
        return (pins, null);
    }

    const string Resolved = "resolved";

    /// <summary>"base@sha256:…" for each pin, as the history and the page show them.</summary>
    public static string Describe(IEnumerable<BasePin> pins) => string.Join(", ", pins.Select(p => $"{p.Reference}@{p.Digest}"));
}
