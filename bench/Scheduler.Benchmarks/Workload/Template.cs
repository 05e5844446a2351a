using BuildFarm.Shared.Gpus;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>An ML image recipe that several repositories share, with what its builds ask of an agent.</summary>
/// <param name="RequiredLabels">Labels an agent must carry (the plan's hard constraint).</param>
/// <param name="GpuCuda">Set for builds whose check runs on GPUs: only agents with a driver for this CUDA qualify.</param>
sealed record Template(string Name, string Dockerfile, IReadOnlyDictionary<string, string> RequiredLabels, Version? GpuCuda)
{
    public bool RunsOn(AgentShape agent) =>
        RequiredLabels.All(l => agent.Labels.GetValueOrDefault(l.Key) == l.Value) && (GpuCuda is null || agent.Gpus > 0 && CudaCompatibility.Supports(agent.DriverVersion, GpuCuda) == true);
}
