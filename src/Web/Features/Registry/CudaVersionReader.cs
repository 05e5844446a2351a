using BuildFarm.Shared.Gpus;
using BuildFarm.Shared.References;

namespace BuildFarm.Web.Features.Registry;

/// <summary>A CUDA version and where it was read.</summary>
public sealed record CudaVersionInfo(Version Version, string Source);

/// <summary>
/// Reads the CUDA version an image was built for, most trustworthy source first:
/// <list type="number">
/// <item>env <c>CUDA_VERSION</c> ("12.1.0"): NVIDIA's CUDA base images (gitlab.com/nvidia/container-images/cuda)
/// set it next to the toolkit they install, and images built FROM them inherit it, so it describes the bits;</item>
/// <item>label <c>com.nvidia.cuda.version</c>: set by the same images, but a label can be overridden by anyone;</item>
/// <item>the tag, when neither is present: "cuda12.1"/"cuda-12.1"/"cu121" anywhere (PyTorch's "2.9-cuda12.1"),
/// else a leading version followed by "-cuda" ("12.1-cuda-runtime"), else a leading version when the repository
/// itself is named "cuda" ("nvidia/cuda:12.1.0-runtime-ubuntu22.04"). A tag is only a name, hence last.</item>
/// </list>
/// The parsing is Shared's <see cref="CudaCompatibility"/>, so the farm reads versions one way everywhere.
/// </summary>
public static class CudaVersionReader
{
    public const string EnvName = "CUDA_VERSION";
    public const string LabelName = "com.nvidia.cuda.version";

    public static CudaVersionInfo? Read(ImageConfigSummary config, ImageReference? reference)
    {
        if (CudaCompatibility.ParseCudaVersion(config.EnvValue(EnvName)) is { } fromEnv)
        {
            return new CudaVersionInfo(fromEnv, "env");
        }

        if (config.Labels.TryGetValue(LabelName, out var label) && CudaCompatibility.ParseCudaVersion(label) is { } fromLabel)
        {
            return new CudaVersionInfo(fromLabel, "label");
        }

        return reference?.Tag is { } tag && CudaCompatibility.CudaVersionOfTag(tag, reference.Path) is { } fromTag
            ? new CudaVersionInfo(fromTag, "tag")
            : null;
    }
}
