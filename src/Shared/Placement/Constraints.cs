using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Gpus;

namespace BuildFarm.Shared.Placement;

/// <summary>
/// The hard constraints, one stage every ranking goes through. What the build needs of an agent comes first, then
/// whether the agent can take it now: an offline agent that could never run the build is named for what it lacks,
/// not for being offline, so nobody waits for it to come back.
/// </summary>
internal static class Constraints
{
    // queueAllowance: builds the agent may hold on its own queue beyond its slots.
    public static CandidateVerdict? Check(AgentSnapshot agent, BuildPlan plan, string? platform, int queueAllowance) =>
        Requirements(agent, plan, platform) ?? Availability(agent, queueAllowance);

    // platform: the build's, normalized; null when unknown (an unplanned build), and then any agent's will do.
    public static CandidateVerdict? Requirements(AgentSnapshot agent, BuildPlan plan, string? platform) =>
        Platform(agent, platform)
        ?? (plan.RequiredLabels.Count > 0 ? Labels(agent, plan) : null)
        ?? (plan.Gpu is { } gpu ? Gpu(agent, gpu) : null);

    public static CandidateVerdict? Availability(AgentSnapshot agent, int queueAllowance)
    {
        if (agent.Admission == AgentAdmission.Draining)
        {
            return Reject(agent, Rejection.Draining, "draining: finishes its builds and takes no new ones");
        }

        if (agent.Admission != AgentAdmission.Approved)
        {
            return Reject(agent, Rejection.NotApproved, $"not approved ({agent.Admission}): an admin must approve it");
        }

        if (!agent.Online)
        {
            return Reject(agent, Rejection.Offline, "offline");
        }

        if (agent.DockerError is not null)
        {
            return Reject(agent, Rejection.EngineDown, $"Docker engine unavailable: {agent.DockerError}");
        }

        var capacity = Math.Max(1, agent.Capacity);
        if (agent.Running < capacity + queueAllowance)
        {
            return null;
        }

        return Reject(agent, Rejection.NoFreeCapacity, queueAllowance == 0
            ? $"busy ({agent.Running}/{agent.Capacity} builds)"
            : $"busy ({agent.Running}/{agent.Capacity} builds, {agent.Running - capacity} queued, the cap is {queueAllowance})");
    }

    public static CandidateVerdict? Platform(AgentSnapshot agent, string? platform)
    {
        // Normalizing allocates, and agents nearly always report the plan's own spelling.
        if (platform is null || string.Equals(agent.Platform, platform, StringComparison.OrdinalIgnoreCase)
            || Platforms.Normalize(agent.Platform) == platform)
        {
            return null;
        }

        return Reject(agent, Rejection.PlatformMismatch, $"builds for {Platforms.Normalize(agent.Platform)}, the build targets {platform}");
    }

    public static CandidateVerdict? Labels(AgentSnapshot agent, BuildPlan plan)
    {
        List<string>? missing = null;
        foreach (var (name, value) in plan.RequiredLabels)
        {
            if (!agent.Labels.TryGetValue(name, out var has) || has != value)
            {
                (missing ??= []).Add($"{name}={value}");
            }
        }

        return missing is null ? null : Reject(agent, Rejection.LabelsMissing, $"lacks label {string.Join(", ", missing.Order(StringComparer.Ordinal))}");
    }

    public static CandidateVerdict? Gpu(AgentSnapshot agent, GpuRequirement gpu)
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
