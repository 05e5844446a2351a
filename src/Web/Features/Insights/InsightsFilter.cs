using System.Globalization;

namespace BuildFarm.Web.Features.Insights;

/// <summary>Buckets the charts group builds into, by the time each build was queued (UTC hours or days).</summary>
public enum Bucket
{
    Hour,
    Day,
}

/// <summary>What the insights cover: builds queued in [From, To), bucketed, optionally of one repository, agent or base.</summary>
public sealed record InsightsFilter(
    DateTimeOffset From, DateTimeOffset To, Bucket Bucket, string? Repository = null, string? Agent = null, string? Base = null)
{
    /// <summary>Up to this range hours keep a chart readable; past it, days.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromHours(48);

    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    /// <summary>The named ranges the page offers and the API accepts as <c>range=</c>.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Ranges = new Dictionary<string, TimeSpan>
    {
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
    };

    public long BucketMs => Bucket == Bucket.Hour ? 3_600_000L : 86_400_000L;

    public static Bucket BucketFor(DateTimeOffset from, DateTimeOffset to) => to - from <= HourlyUpTo ? Bucket.Hour : Bucket.Day;

    /// <summary>Reads the query string of the API and the page. Each error is a sentence naming its parameter.</summary>
    public static (InsightsFilter? Filter, string? Error) Parse(
        string? from, string? to, string? bucket, string? range, string? repository, string? agent, string? @base, DateTimeOffset now)
    {
        // A named range ends now and wins over from/to, which the page's form sends along whatever range is picked.
        var named = !string.IsNullOrWhiteSpace(range);
        var length = DefaultRange;
        if (named && !Ranges.TryGetValue(range!.Trim(), out length))
            return (null, $"The parameter 'range' must be one of {string.Join(", ", Ranges.Keys)}, not '{range}'.");
        var end = now;
        if (!named && !string.IsNullOrWhiteSpace(to) && !TryDate(to, out end))
            return (null, $"The parameter 'to' is not a date and time: '{to}' (use ISO 8601, e.g. 2026-12-01T00:00:00Z).");
        var start = end - length;
        if (!named && !string.IsNullOrWhiteSpace(from) && !TryDate(from, out start))
            return (null, $"The parameter 'from' is not a date and time: '{from}' (use ISO 8601, e.g. 2026-12-01T00:00:00Z).");
        if (start >= end)
            return (null, $"The parameter 'from' ({start:O}) must be before 'to' ({end:O}).");
        Bucket size;
        if (string.IsNullOrWhiteSpace(bucket))
            size = BucketFor(start, end);
        else if (!Enum.TryParse(bucket.Trim(), ignoreCase: true, out size) || !Enum.IsDefined(size))
            return (null, $"The parameter 'bucket' must be 'hour' or 'day', not '{bucket}'.");
        return (new InsightsFilter(start, end, size, Blank(repository), Blank(agent), Blank(@base)), null);
    }

    static bool TryDate(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
