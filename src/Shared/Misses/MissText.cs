using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Misses;

/// <summary>The one sentence each cause reads as, on the build page and in alerts.</summary>
public static class MissText
{
    /// <summary>How many changed paths a sentence names before it counts the rest.</summary>
    public const int NamedFiles = 3;

    internal static string FirstBuild() =>
        "No earlier successful build of this repository, Dockerfile, context and target to compare with: nothing to reuse yet.";

    internal static string NoCache() => "The build was asked to run without cache, so every step ran.";

    internal static string None() => "Every step came from the cache.";

    internal static string BaseMoved(BaseMove move) =>
        $"The base image {move.Reference} moved from {move.OldDigest ?? "an unknown digest"} to {move.NewDigest ?? "an unknown digest"}"
        + (move.SeenAt is { } at ? $" (first seen {Stamp(at)})." : ".");

    internal static string InstructionChanged(TextChange change) =>
        change.Old.Length == 0
            ? $"The step `{change.New}` is new."
            : $"The instruction changed from `{change.Old}` to `{change.New}`.";

    internal static string BuildArgChanged(IReadOnlyList<ArgChange> changes) =>
        string.Join(" ", changes.Select(c => $"Build arg {c.Name} changed from {Value(c.Old)} to {Value(c.New)}."));

    internal static string FilesChanged(IReadOnlyList<string> files, bool capped)
    {
        var text = files.Count switch
        {
            0 => "The files this step copies changed (the earlier build's plan did not record which).",
            1 => $"{files[0]} changed.",
            <= NamedFiles => $"{string.Join(", ", files)} changed.",
            _ => $"{files.Count} files changed: {string.Join(", ", files.Take(NamedFiles))} and {files.Count - NamedFiles} more.",
        };
        return capped ? text + $" Only the first {PlanStep.MaxFiles:N0} files of the step were compared." : text;
    }

    internal static string Evicted(string agent, DateTimeOffset? at) =>
        at is { } when
            ? $"Agent {agent} pruned this step from its cache at {Stamp(when)}."
            : $"Agent {agent} no longer held this step: its cache dropped it without the farm hearing when.";

    internal static string OtherAgent(string? ranOn, string holder, string why) =>
        $"It ran on {ranOn ?? "an agent"}, which did not hold this step; {holder} did, but {why}.";

    internal static string UnchangedAndHeld(string? agent) =>
        $"The step's cache key was unchanged and agent {agent ?? "?"} was believed to hold it, yet BuildKit ran it.";

    internal static string Unplanned() =>
        "The build was not planned, so its steps cannot be compared key by key with the earlier build.";

    internal static string KeyChanged(string instruction) =>
        $"The cache key of `{instruction}` changed for a reason the plans do not record (a heredoc, a copied stage or image).";

    /// <summary>Why placement passed over an agent, from its verdict.</summary>
    internal static string PassedOver(CandidateVerdict? verdict, string? placementReason)
    {
        var why = verdict switch
        {
            null => "it was not among the agents placement considered",
            { Rejected: { } rejection } => "placement could not use it: " + Rejected(rejection),
            _ => $"it scored lower ({verdict.Detail})",
        };
        return placementReason is null ? why : $"{why}; placement chose: {placementReason}";
    }

    static string Rejected(Rejection rejection) => rejection switch
    {
        Rejection.Offline => "it was offline",
        Rejection.EngineDown => "its Docker engine did not answer",
        Rejection.NoFreeCapacity => "all its build slots were taken",
        Rejection.PlatformMismatch => "it builds for another platform",
        Rejection.LabelsMissing => "it lacks a label the build requires",
        Rejection.NoGpu => "it has no working GPU",
        Rejection.DriverTooOld => "its GPU driver is too old for the image's CUDA",
        Rejection.NotApproved => "it was not approved",
        Rejection.Draining => "it was draining",
        _ => rejection.ToString(),
    };

    static string Value(string? value) => value is null ? "unset" : $"\"{value}\"";

    static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
