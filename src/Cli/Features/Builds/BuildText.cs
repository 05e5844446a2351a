using System.Globalization;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Cli.Features.Builds;

/// <summary>How builds and steps read on a terminal.</summary>
static class BuildText
{
    public static string StatusLine(BuildView build) => build.Status switch
    {
        BuildStatus.Queued => $"queued {build.Repository}@{build.Ref}",
        BuildStatus.Assigned => $"assigned to {build.AgentLabel}{(build.PlacementReason is { } why ? $": {why}" : "")}",
        BuildStatus.Running => $"running on {build.AgentLabel}",
        _ => build.Status,
    };

    public static string StepLine(StepInfo step)
    {
        var name = $"[{(step.Stage is null ? "" : step.Stage + " ")}{step.Index}] {step.Instruction}";
        return step.Status switch
        {
            StepStatus.Running => name,
            _ when step.Cached => $"{name}  CACHED",
            StepStatus.Failed => $"{name}  FAILED {Duration(step.DurationMs)}{(step.Error is { } e ? $": {e}" : "")}",
            _ => $"{name}  DONE {Duration(step.DurationMs)}",
        };
    }

    public static string Outcome(BuildView build)
    {
        var image = build.ImageId is null ? "" : $", image {build.ImageId}";
        return $"Build {build.Id} succeeded in {Duration(build.DurationMs)} on {build.AgentLabel}: " +
               $"{build.StepsCached}/{build.StepsTotal} steps cached{image}";
    }

    public static void WriteStatus(TextWriter output, BuildView build, string page)
    {
        output.WriteLine($"build     {build.Id}  {build.Status}{(build.CancelRequested && !Final(build) ? " (cancel requested)" : "")}");
        output.WriteLine($"source    {build.Repository}@{build.Ref}{(build.Target is { } t ? $"  target {t}" : "")}");
        output.WriteLine($"page      {page}");
        output.WriteLine($"agent     {(build.Agent is null ? "-" : build.AgentLabel)}{(build.PlacementReason is { } why ? $"  ({why})" : "")}");
        output.WriteLine($"queued    {Time(build.QueuedAt)}");
        if (build.StartedAt is { } started)
        {
            output.WriteLine($"started   {Time(started)}");
        }

        if (build.FinishedAt is { } finished)
        {
            output.WriteLine($"finished  {Time(finished)}  ({Duration(build.DurationMs)})");
        }

        if (build.WaitingReason is { } waiting && !Final(build))
        {
            output.WriteLine($"waiting   {waiting}");
        }

        output.WriteLine($"steps     {build.StepsCached}/{build.StepsTotal} cached");
        if (build.Prediction is { } p)
        {
            output.WriteLine(p is { Hits: { } h, FalseHits: { } f, Misses: { } m }
                ? $"predicted {p.Predicted} cached: {h} were, {f} ran, {m} cached unexpectedly"
                : $"predicted {p.Predicted} cached");
        }

        if (build.Error is { } error)
        {
            output.WriteLine($"error     {error}");
        }

        foreach (var step in (build.Steps ?? []).OrderBy(s => s.Index))
        {
            output.WriteLine($"  {StepLine(step)}{(step.Status == StepStatus.Running ? "  running" : "")}");
        }
    }

    public static string Duration(long? milliseconds)
    {
        if (milliseconds is not { } ms)
        {
            return "?";
        }

        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalSeconds < 60
            ? span.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)
            : span.TotalHours < 1 ? $"{span.Minutes}m{span.Seconds:00}s" : $"{(int)span.TotalHours}h{span.Minutes:00}m";
    }

    private static bool Final(BuildView build) => BuildFarm.Shared.Builds.BuildStatus.IsFinal(build.Status);

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
