using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Gpus;

public static partial class CudaCompatibility
{
    /// <summary>
    /// Reads the CUDA version a text known to be about CUDA names (an image's <c>CUDA_VERSION</c> env or its
    /// <c>com.nvidia.cuda.version</c> label, a version someone typed): "12.1", "12.1.0", "12.1.0-1" and "v12.1" as
    /// they are; "cuda12.1" or "cuda-12.1" anywhere ("2.9-cuda12.1", "cuda12.1-cudnn8-runtime"); PyTorch's "cu121"
    /// (12.1; the last digit is the minor); else a leading version before a dash ("12.4.1-cudnn-devel-ubuntu22.04").
    /// </summary>
    /// <remarks>A leading version is taken only when its major is one CUDA has used or will soon (7 to 20), so
    /// "3.11-slim" or "22.04" never read as CUDA. The tag of an arbitrary image is not known to be about CUDA: read it
    /// with <see cref="CudaVersionOfTag"/>, which takes a leading version only where the image says it is CUDA's.</remarks>
    /// <param name="text">A version or a CUDA image's tag; null or blank gives null.</param>
    /// <returns>The version with at least major and minor, or null when the text names none.</returns>
    public static Version? ParseCudaVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (Marked(text) is { } marked)
        {
            return marked;
        }

        return Leading().Match(text) is { Success: true } leading && ToVersion(leading) is { Major: >= 7 and <= 20 } version
            ? version
            : null;
    }

    /// <summary>
    /// Reads the CUDA version an image tag names, stricter than <see cref="ParseCudaVersion"/> because most tags are
    /// other software's versions: "cuda12.1"/"cuda-12.1"/"cu121" anywhere (PyTorch's "2.9-cuda12.1"), else a leading
    /// version followed by "-cuda" ("12.1-cuda-runtime"), else a leading version when the repository itself is named
    /// "cuda" ("nvidia/cuda:12.1.0-runtime-ubuntu22.04"). "python:3.11-slim" and "node:18.1-alpine" name none.
    /// </summary>
    /// <param name="tag">The tag, without the repository; null or blank gives null.</param>
    /// <param name="repositoryPath">The repository path ("nvidia/cuda"), which enables the leading-version rule for
    /// repositories named "cuda"; null when unknown.</param>
    /// <returns>The version with at least major and minor, or null when the tag names none.</returns>
    public static Version? CudaVersionOfTag(string? tag, string? repositoryPath = null)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        if (Marked(tag) is { } marked)
        {
            return marked;
        }

        return TagLeading().Match(tag) is { Success: true } leading
            && (leading.Groups["cuda"].Success || repositoryPath?.Split('/')[^1] == "cuda")
                ? ToVersion(leading)
                : null;
    }

    // "cuda12.1" or PyTorch's "cu121": the text says outright that the version is CUDA's.
    private static Version? Marked(string text)
    {
        if (CudaPrefixed().Match(text) is { Success: true } prefixed)
        {
            return ToVersion(prefixed);
        }

        if (CuShort().Match(text) is { Success: true } shortForm)
        {
            var digits = shortForm.Groups["digits"].Value;
            return new Version(int.Parse(digits[..^1]), digits[^1] - '0');
        }

        return null;
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

    [GeneratedRegex(@"^" + VersionPattern + @"(?<cuda>-cuda(?![\d.]))?(?:[-_]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TagLeading();
}
