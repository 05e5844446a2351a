using System.Globalization;

namespace BuildFarm.Web.Components;

/// <summary>How the pages write durations, sizes and times: short, and the same everywhere.</summary>
public static class Display
{
    public static string Duration(long? milliseconds) => milliseconds switch
    {
        null => "–",
        < 1000 => $"{milliseconds} ms",
        < 60_000 => (milliseconds.Value / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        < 3_600_000 => $"{milliseconds / 60_000}m {milliseconds / 1000 % 60:00}s",
        _ => $"{milliseconds / 3_600_000}h {milliseconds / 60_000 % 60:00}m",
    };

    public static string Bytes(long? bytes)
    {
        if (bytes is null)
            return "–";
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes.Value;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        if (age < TimeSpan.FromSeconds(2))
            return "just now";
        if (age < TimeSpan.FromMinutes(1))
            return $"{(int)age.TotalSeconds} s ago";
        if (age < TimeSpan.FromHours(1))
            return $"{(int)age.TotalMinutes} min ago";
        if (age < TimeSpan.FromDays(1))
            return $"{(int)age.TotalHours} h ago";
        return $"{(int)age.TotalDays} d ago";
    }

    /// <summary>UTC, because the farm's machines and its users may sit in different time zones.</summary>
    public static string Time(DateTimeOffset? at, DateTimeOffset now) => at switch
    {
        null => "–",
        var t when t.Value.UtcDateTime.Date == now.UtcDateTime.Date => t.Value.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        var t => t.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
    };

    /// <summary>The full UTC time, for a hover title until the browser writes it in its own time zone.</summary>
    public static string Absolute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";

    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    public static string ShortImageId(string? imageId) =>
        imageId is null ? "–" : imageId.StartsWith("sha256:", StringComparison.Ordinal) && imageId.Length > 19 ? imageId[..19] : imageId;
}
