using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Gpus;

public static partial class CudaCompatibility
{
    /// <summary>
    /// Reads the CUDA version a version string or an image tag names:
    /// "12.1", "12.1.0" and "v12.1" as they are; "cuda12.1" or "cuda-12.1" anywhere in a tag ("2.9-cuda12.1",
    /// "cuda12.1-cudnn8-runtime"); PyTorch's "cu121" (12.1; the last digit is the minor); else a leading version
    /// before a dash ("12.4.1-cudnn-devel-ubuntu22.04", nvidia/cuda's tags).
    /// </summary>
    /// <remarks>A leading version is taken only when its major is one CUDA has used or will soon (7 to 20): tags of
    /// other images also start with versions ("3.11-slim", "2.15.0-gpu", "22.04") and must not read as CUDA.
    /// An explicit "cuda" prefix always wins over a leading version, so PyTorch's "2.9-cuda12.1" is 12.1.</remarks>
    /// <param name="text">A version or a tag; null or blank gives null.</param>
    /// <returns>The version with at least major and minor, or null when the text names none.</returns>
    public static Version? ParseCudaVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (CudaPrefixed().Match(text) is { Success: true } prefixed)
        {
            return ToVersion(prefixed);
        }

        if (CuShort().Match(text) is { Success: true } shortForm)
        {
            var digits = shortForm.Groups["digits"].Value;
            return new Version(int.Parse(digits[..^1]), digits[^1] - '0');
        }

        return Leading().Match(text) is { Success: true } leading && ToVersion(leading) is { Major: >= 7 and <= 20 } version
            ? version
            : null;
    }

    private static Version? ToVersion(Match m)
    {
        var major = int.Parse(m.Groups["major"].Value);
        var minor = int.Parse(m.Groups["minor"].Value);
        if (major is < 1 or > 99)
        {
            return null;
        }

        return m.Groups["patch"].Success ? new Version(major, minor, int.Parse(m.Groups["patch"].Value)) : new Version(major, minor);
    }

    private const string VersionPattern = @"(?<major>\d{1,2})\.(?<minor>\d{1,3})(?:\.(?<patch>\d{1,4}))?(?![\d.]*\d)";

    [GeneratedRegex(@"(?:^|[^a-z0-9])cuda[-_]?v?" + VersionPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CudaPrefixed();

    [GeneratedRegex(@"(?:^|[^a-z0-9])cu(?<digits>\d{3})(?![\d.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CuShort();

    [GeneratedRegex(@"^v?" + VersionPattern + @"(?:[-_+]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Leading();
}
