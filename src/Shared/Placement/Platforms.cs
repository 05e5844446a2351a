namespace BuildFarm.Shared.Placement;

/// <summary>Platform names as OCI writes them, whatever the engine reports.</summary>
public static class Platforms
{
    /// <summary>
    /// "os/arch[/variant]" in OCI's spelling, lower case: Docker's /info says "x86_64" and "aarch64" where image
    /// indexes say "amd64" and "arm64"; arm64's only variant, "v8", is dropped so "linux/arm64/v8" matches "linux/arm64".
    /// </summary>
    /// <param name="platform">"linux/amd64", "Linux/x86_64", "linux/arm64/v8", or a bare architecture (Linux assumed).</param>
    /// <returns>The normalized name.</returns>
    public static string Normalize(string platform)
    {
        var parts = platform.Trim().Split('/');
        var (os, arch, variant) = parts.Length switch
        {
            1 => NormalizeParts("linux", parts[0], null),
            2 => NormalizeParts(parts[0], parts[1], null),
            _ => NormalizeParts(parts[0], parts[1], parts[2]),
        };
        return variant is null ? $"{os}/{arch}" : $"{os}/{arch}/{variant}";
    }

    /// <summary>
    /// The same rules for the parts an image index or config writes as separate fields, so the registry client and
    /// placement can never disagree on whether two platforms are one.
    /// </summary>
    /// <param name="os">"linux", any case.</param>
    /// <param name="architecture">"amd64", "x86_64", "aarch64", ...</param>
    /// <param name="variant">"v7", "v8", or null or empty for none.</param>
    /// <returns>The parts in OCI's spelling, lower case; the variant is null when there is none.</returns>
    public static (string Os, string Architecture, string? Variant) NormalizeParts(string os, string architecture, string? variant)
    {
        var arch = architecture.ToLowerInvariant() switch
        {
            "x86_64" or "x86-64" => "amd64",
            "aarch64" => "arm64",
            "armhf" => "arm",
            "i386" or "i686" => "386",
            var other => other,
        };
        var v = string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant();
        if (arch == "arm64" && v == "v8")
        {
            v = null;
        }

        return (os.ToLowerInvariant(), arch, v);
    }

    /// <summary>The platform of an engine from Docker's /info fields.</summary>
    /// <param name="os">OSType, e.g. "linux".</param>
    /// <param name="arch">Architecture, e.g. "x86_64".</param>
    /// <returns>The normalized name, e.g. "linux/amd64".</returns>
    public static string FromEngine(string os, string arch) => Normalize($"{os}/{arch}");
}
