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
        var parts = platform.Trim().ToLowerInvariant().Split('/');
        var (os, arch, variant) = parts.Length switch
        {
            1 => ("linux", parts[0], null),
            2 => (parts[0], parts[1], null),
            _ => (parts[0], parts[1], parts[2]),
        };
        arch = arch switch
        {
            "x86_64" or "x86-64" => "amd64",
            "aarch64" => "arm64",
            "armhf" => "arm",
            "i386" or "i686" => "386",
            _ => arch,
        };
        if (arch == "arm64" && variant == "v8")
        {
            variant = null;
        }

        return variant is null or "" ? $"{os}/{arch}" : $"{os}/{arch}/{variant}";
    }

    /// <summary>The platform of an engine from Docker's /info fields.</summary>
    /// <param name="os">OSType, e.g. "linux".</param>
    /// <param name="arch">Architecture, e.g. "x86_64".</param>
    /// <returns>The normalized name, e.g. "linux/amd64".</returns>
    public static string FromEngine(string os, string arch) => Normalize($"{os}/{arch}");
}
