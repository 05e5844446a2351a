using static System.FormattableString;

namespace BuildFarm.Cli.Features.Plan;

/// <summary>The plan for people: one block per stage, short keys, and what each step hashed.</summary>
static class PlanText
{
    private const int ShortKey = 12;

    public static void Write(TextWriter output, PlanDocument plan)
    {
        var target = plan.Stages.Single(s => s.Index == plan.TargetIndex);
        output.WriteLine($"{plan.Dockerfile}: {plan.Stages.Count} stage(s) needed for target {target.Name ?? $"stage-{target.Index}"}");
        if (plan.Context is { } context)
        {
            var ignore = context.Dockerignore is null ? "no .dockerignore" : $"excluded by {Path.GetFileName(context.Dockerignore)}";
            output.WriteLine($"context {context.Path}: {Count(context.Files.Count, "file")}, {Size(context.Bytes)} sent; " +
                             $"{Count(context.Excluded.Count, "file")}, {Size(context.Excluded.Bytes)} {ignore}");
        }
        else
        {
            output.WriteLine("no --context: COPY/ADD sources are not hashed, so their keys and those after them are unpredictable");
        }

        if (plan.Unresolved.Count > 0)
        {
            output.WriteLine($"base digests unresolved (plan does not ask registries): {string.Join(", ", plan.Unresolved)}");
        }

        foreach (var stage in plan.Stages)
        {
            output.WriteLine();
            var digest = stage.BaseStage is not null ? "stage" : stage.BaseDigest ?? (stage.Base == "scratch" ? "empty" : "digest unresolved");
            output.WriteLine($"stage {stage.Name ?? $"stage-{stage.Index}"} (#{stage.Index})  FROM {stage.Base}  [{stage.Platform}, {digest}]");
            foreach (var step in stage.Steps)
            {
                var key = step.Key[..ShortKey] + (step.Predictable ? " " : "?");
                output.WriteLine($"  {step.Index,3}  {key}  {step.Instruction}{Sources(step)}");
            }
        }

        output.WriteLine();
        output.WriteLine($"final key {plan.FinalKey}{(plan.Predictable ? "" : " (unpredictable: '?' keys left context content out)")}");
    }

    private static string Sources(StepDocument step)
    {
        var parts = new List<string>();
        if (step.Unhashed)
        {
            parts.Add("sources unhashed");
        }

        if (step.Sources.Count > 0)
        {
            var shown = string.Join(", ", step.Sources.Files.Take(3)) + (step.Sources.Count > 3 ? ", …" : "");
            parts.Add($"{Count(step.Sources.Count, "file")} hashed: {shown}");
        }

        if (step.Sources.Stages.Count > 0 && step.Index > 0)
        {
            parts.Add($"from stage {string.Join(", ", step.Sources.Stages)}");
        }

        if (step.Sources.Missing.Count > 0)
        {
            parts.Add($"MISSING in context: {string.Join(", ", step.Sources.Missing)}");
        }

        return parts.Count == 0 ? "" : $"    [{string.Join("; ", parts)}]";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => Invariant($"{bytes} B"),
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => Invariant($"{bytes / 1024.0 / 1024:0.0} MiB"),
        _ => Invariant($"{bytes / 1024.0 / 1024 / 1024:0.00} GiB"),
    };
}
