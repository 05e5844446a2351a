using BuildFarm.Shared.Gpus;

namespace BuildFarm.Shared.Placement;

/// <summary>The hard constraints of cache-affinity placement, checked before any score, cheapest first.</summary>
internal static class Constraints
{
    public static CandidateVerdict? Check(AgentSnapshot agent, BuildPlan plan, string platform, PlacementOptions options)
    {
        if (!agent.Online)
        {
            return Reject(agent, Rejection.Offline, "offline");
        }

        if (agent.DockerError is not null)
        {
            return Reject(agent, Rejection.EngineDown, $"Docker engine unavailable: {agent.DockerError}");
        }

        // Normalizing allocates, and agents nearly always report the plan's own spelling.
        if (!string.Equals(agent.Platform, platform, StringComparison.OrdinalIgnoreCase) && Platforms.Normalize(agent.Platform) != platform)
        {
            return Reject(agent, Rejection.PlatformMismatch, $"builds for {Platforms.Normalize(agent.Platform)}, the build targets {platform}");
        }

        if (plan.RequiredLabels.Count > 0 && MissingLabels(agent, plan) is { } missing)
        {
            return Reject(agent, Rejection.LabelsMissing, $"lacks label {missing}");
        }

        if (plan.Gpu is { } gpu && GpuProblem(agent, gpu) is { } verdict)
        {
            return verdict;
        }

        var capacity = Math.Max(1, agent.Capacity);
        if (agent.Running >= capacity + options.MaxQueuedPerAgent)
        {
            return Reject(agent, Rejection.NoFreeCapacity, options.MaxQueuedPerAgent == 0
                ? $"busy ({agent.Running}/{agent.Capacity} builds)"
                : $"busy ({agent.Running}/{agent.Capacity} builds, {agent.Running - capacity} queued, the cap is {options.MaxQueuedPerAgent})");
        }

        return null;
    }

    private static string? MissingLabels(AgentSnapshot agent, BuildPlan plan)
    {
        List<string>? missing = null;
        foreach (var (name, value) in plan.RequiredLabels)
        {
            if (!agent.Labels.TryGetValue(name, out var has) || has != value)
            {
                (missing ??= []).Add($"{name}={value}");
            }
        }

        return missing is null ? null : string.Join(", ", missing.Order(StringComparer.Ordinal));
    }

    private static CandidateVerdict? GpuProblem(AgentSnapshot agent, GpuRequirement gpu)
    {
        if (agent.GpuError is not null)
        {
            return Reject(agent, Rejection.NoGpu, $"GPUs unavailable: {agent.GpuError}");
        }

        if (agent.GpuCount <= 0)
        {
            return Reject(agent, Rejection.NoGpu, "no GPU");
        }

        if (gpu.CudaVersion is not { } cuda || CudaCompatibility.MinimumDriver(cuda) is not { } minimum)
        {
            // Nothing to compare with: any working GPU qualifies, and the check itself will tell.
            return null;
        }

        return CudaCompatibility.Supports(agent.DriverVersion, cuda) switch
        {
            true => null,
            false => Reject(agent, Rejection.DriverTooOld, $"driver {agent.DriverVersion} cannot run CUDA {cuda} (needs ≥ {minimum})"),
            null => Reject(agent, Rejection.DriverTooOld, $"driver version unknown, CUDA {cuda} needs ≥ {minimum}"),
        };
    }

    private static CandidateVerdict Reject(AgentSnapshot agent, Rejection why, string detail) =>
        new(agent.Id, agent.Name, why, 0, detail);
}
