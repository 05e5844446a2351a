using System.Text.RegularExpressions;
using BuildFarm.Shared.References;

namespace BuildFarm.Scheduler.Features.Registry;

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
/// </summary>
public static partial class CudaVersionReader
{
    public const string EnvName = "CUDA_VERSION";
    public const string LabelName = "com.nvidia.cuda.version";

    public static CudaVersionInfo? Read(ImageConfigSummary config, ImageReference? reference)
    {
        if (ParseVersion(config.EnvValue(EnvName)) is { } fromEnv)
        {
            return new CudaVersionInfo(fromEnv, "env");
        }

        if (config.Labels.TryGetValue(LabelName, out var label) && ParseVersion(label) is { } fromLabel)
        {
            return new CudaVersionInfo(fromLabel, "label");
        }

        return reference?.Tag is { } tag && FromTag(tag, reference.Path) is { } fromTag
            ? new CudaVersionInfo(fromTag, "tag")
            : null;
    }

    /// <summary>The CUDA version a tag names, or null; <paramref name="repositoryPath"/> enables the nvidia/cuda rule.</summary>
    public static Version? FromTag(string tag, string? repositoryPath = null)
    {
        if (CudaPrefixed().Match(tag) is { Success: true } prefixed)
        {
            return ParseVersion(prefixed.Groups["v"].Value);
        }

        // PyTorch wheel/tag style: cu118 is 11.8, cu121 is 12.1 (the last digit is the minor version).
        if (CuShort().Match(tag) is { Success: true } shortForm)
        {
            var digits = shortForm.Groups["v"].Value;
            return ParseVersion($"{digits[..^1]}.{digits[^1]}");
        }

        if (LeadingVersion().Match(tag) is { Success: true } leading
            && (leading.Groups["cuda"].Success || repositoryPath?.Split('/')[^1] == "cuda"))
        {
            return ParseVersion(leading.Groups["v"].Value);
        }

        return null;
    }

    /// <summary>"12.1.0", "12.1", "12.1.0-1" or "v12.1" to a version with at least major.minor; null otherwise.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (text is null || VersionText().Match(text.Trim()) is not { Success: true } m)
        {
            return null;
        }

        var major = int.Parse(m.Groups["major"].Value);
        var minor = int.Parse(m.Groups["minor"].Value);
        if (major is < 1 or > 99)
        {
            return null;
        }

        return m.Groups["patch"].Success ? new Version(major, minor, int.Parse(m.Groups["patch"].Value)) : new Version(major, minor);
    }

    [GeneratedRegex(@"^v?(?<major>\d{1,2})\.(?<minor>\d{1,3})(?:\.(?<patch>\d{1,4}))?(?![\d.])")]
    private static partial Regex VersionText();

    [GeneratedRegex(@"(?:^|[^a-z0-9])cuda[-_]?(?<v>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex CudaPrefixed();

    [GeneratedRegex(@"(?:^|[^a-z0-9])cu(?<v>\d{3})(?![\d.])", RegexOptions.IgnoreCase)]
    private static partial Regex CuShort();

    [GeneratedRegex(@"^(?<v>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)(?<cuda>-cuda(?![\d.]))?(?:[-_]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingVersion();
}
