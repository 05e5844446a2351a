using BuildFarm.Shared.Placement;

namespace BuildFarm.Web.Features.Registry;

/// <summary>An OS/architecture/variant triple as image indexes describe it ("linux/arm64/v8").</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>What the farm builds for when a build names no platform.</summary>
    public static readonly ImagePlatform Default = new("linux", "amd64");

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>Parses "os/arch[/variant]" (the form of docker's --platform), normalizing like containerd.</summary>
    public static bool TryParse(string? value, out ImagePlatform platform)
    {
        platform = Default;
        var parts = value?.Trim().ToLowerInvariant().Split('/') ?? [];
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        platform = Normalize(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    public static ImagePlatform Parse(string value) =>
        TryParse(value, out var platform) ? platform : throw new FormatException($"'{value}' is not os/architecture[/variant]");

    /// <summary>Shared's <see cref="Platforms.NormalizeParts"/>: one set of rules for the registry and placement.</summary>
    public static ImagePlatform Normalize(string os, string architecture, string? variant)
    {
        var (o, a, v) = Platforms.NormalizeParts(os, architecture, variant);
        return new ImagePlatform(o, a, v);
    }

    /// <summary>This platform in containerd's normal form, so equal platforms make equal cache keys.</summary>
    public ImagePlatform Normalized() => Normalize(Os, Architecture, Variant);

    /// <summary>
    /// Whether an index entry serves this platform. A request without a variant takes any variant of its
    /// architecture, as docker pull does; a request with one needs that variant.
    /// </summary>
    public bool Matches(ImagePlatform candidate)
    {
        var c = Normalize(candidate.Os, candidate.Architecture, candidate.Variant);
        var self = Normalize(Os, Architecture, Variant);
        return c.Os == self.Os && c.Architecture == self.Architecture && (self.Variant is null || c.Variant == self.Variant);
    }
}
