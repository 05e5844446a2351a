namespace BuildFarm.Shared.Placement;

/// <summary>How placement writes what people read on the build page and in refusals.</summary>
public static class PlacementText
{
    /// <summary>"40 s", "~11 min", "~1.5 h": what a person reads on the build page.</summary>
    /// <param name="seconds">A duration in seconds.</param>
    /// <returns>The rounded text.</returns>
    public static string Seconds(double seconds) => seconds switch
    {
        < 90 => $"{Math.Round(seconds):0} s",
        < 90 * 60 => $"~{Math.Round(seconds / 60):0} min",
        _ => $"~{seconds / 3600:0.#} h",
    };

    /// <summary>"gpu=a100, zone=eu", in name order.</summary>
    /// <param name="labels">Labels.</param>
    /// <returns>The text; empty for none.</returns>
    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>What a build needs of an agent beyond a slot: "labels gpu=a100 and a working GPU whose driver runs
    /// CUDA 12.1"; empty when it needs nothing in particular.</summary>
    /// <param name="plan">The build.</param>
    /// <param name="platform">Whether to name its platform (when some agent builds for another).</param>
    /// <returns>The text.</returns>
    public static string Requirements(BuildPlan plan, bool platform = false)
    {
        var parts = new List<string>();
        if (platform && plan.Platform is { } p)
        {
            parts.Add($"platform {Platforms.Normalize(p)}");
        }

        if (plan.RequiredLabels.Count > 0)
        {
            parts.Add($"labels {Labels(plan.RequiredLabels)}");
        }

        if (plan.Gpu is { } gpu)
        {
            parts.Add(Gpu(gpu));
        }

        return string.Join(" and ", parts);
    }

    internal static string Gpu(GpuRequirement gpu) =>
        gpu.CudaVersion is { } cuda ? $"a working GPU whose driver runs CUDA {cuda}" : "a working GPU";

    /// <summary>"gpu-1 {gpu: t4}": an agent with what it was configured with.</summary>
    internal static string AgentWithLabels(AgentSnapshot agent) =>
        agent.Labels.Count == 0
            ? $"{agent.Name} {{}}"
            : $"{agent.Name} {{{string.Join(", ", agent.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}: {l.Value}"))}}}";

    internal static string Describe(CandidateVerdict v)
    {
        var text = $"{v.CachedSteps}/{v.TotalSteps} steps cached, saves {Seconds(v.SecondsSaved)}, queue {Seconds(v.QueueWaitSeconds)}";
        return v.PullSeconds > 0 ? $"{text}, pulls base {Seconds(v.PullSeconds)}" : text;
    }
}
