namespace BuildFarm.Shared.Gpus;

/// <summary>
/// Which NVIDIA drivers can run an image built for a CUDA version. Under CUDA minor-version compatibility an
/// application built with any 12.x toolkit runs on any driver at or above the 12.x minimum, so the table is per major
/// version (NVIDIA's CUDA Compatibility guide, Linux x86_64 column): 13.x needs 580 or newer, 12.x 525.60.13, 11.x
/// 450.80.02. Older majors had no minor-version compatibility and are left unknown rather than guessed.
/// </summary>
public static partial class CudaCompatibility
{
    private static readonly IReadOnlyDictionary<int, string> MinimumByMajor = new Dictionary<int, string>
    {
        [11] = "450.80.02",
        [12] = "525.60.13",
        [13] = "580",
    };

    /// <summary>The oldest driver that runs images built for <paramref name="cuda"/>, or null when the table has no
    /// entry for its major version.</summary>
    /// <param name="cuda">A CUDA toolkit version, e.g. 12.1.</param>
    /// <returns>A driver version such as "525.60.13", or null.</returns>
    public static string? MinimumDriver(Version cuda) => MinimumByMajor.GetValueOrDefault(cuda.Major);

    /// <summary>Whether a driver runs images built for a CUDA version.</summary>
    /// <param name="driverVersion">The driver as nvidia-smi reports it, e.g. "535.104.05".</param>
    /// <param name="cuda">The image's CUDA version.</param>
    /// <returns>True or false; null when the driver text cannot be read or the CUDA major is not in the table.</returns>
    public static bool? Supports(string? driverVersion, Version cuda)
    {
        var minimum = MinimumDriver(cuda);
        if (minimum is null || driverVersion is null)
        {
            return null;
        }

        return CompareDrivers(driverVersion, minimum) is { } order ? order >= 0 : null;
    }

    /// <summary>
    /// Orders two driver versions numerically part by part ("525.105.17" is newer than "525.60.13", which a text
    /// comparison gets wrong); a missing part counts as 0, so "580" equals "580.0.0".
    /// </summary>
    /// <returns>Negative, zero or positive as <paramref name="left"/> is older, the same or newer; null when either is
    /// not dot-separated numbers.</returns>
    public static int? CompareDrivers(string left, string right)
    {
        if (!TryParts(left, out var a) || !TryParts(right, out var b))
        {
            return null;
        }

        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var order = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static bool TryParts(string text, out long[] parts)
    {
        var pieces = text.Trim().Split('.');
        parts = new long[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Length is 0 or > 9 || !pieces[i].All(char.IsAsciiDigit))
            {
                return false;
            }

            parts[i] = long.Parse(pieces[i]);
        }

        return true;
    }
}
