using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Gpus;

/// <summary>What nvidia-smi said about this host's GPUs.</summary>
/// <param name="Gpus">The GPUs found; empty when there are none or nvidia-smi failed.</param>
/// <param name="DriverVersion">The NVIDIA driver version, e.g. "550.54.15".</param>
/// <param name="CudaVersion">The highest CUDA version the driver supports, e.g. "12.4".</param>
/// <param name="Error">nvidia-smi's own message when it is installed but failed; null otherwise.</param>
public record GpuReport(IReadOnlyList<GpuInfo> Gpus, string? DriverVersion, string? CudaVersion, string? Error)
{
    /// <summary>No nvidia-smi on this host: no GPUs, and nothing wrong.</summary>
    public static GpuReport None { get; } = new([], null, null, null);

    /// <summary>nvidia-smi is there but gave no usable report.</summary>
    /// <param name="error">Why, in nvidia-smi's words where it gave any.</param>
    /// <returns>A report with no GPUs and the error.</returns>
    public static GpuReport Failed(string error) => new([], null, null, error);
}
