using System.Globalization;

namespace BuildFarm.Web.Features.Insights;

/// <summary>One line or bar series of a chart: its values in the chart's unit, null where the bucket has none.</summary>
public sealed record ChartDataset(string Label, IReadOnlyList<double?> Data, string Color);

/// <summary>What wwwroot/insights.js draws: a chart's kind, unit, bucket labels and start times, and its series.</summary>
public sealed record ChartSpec(
    string Id, string Title, string Kind, string Unit, bool Stacked, string XTitle,
    IReadOnlyList<string> Labels, IReadOnlyList<string> Titles, IReadOnlyList<string> Starts, IReadOnlyList<ChartDataset> Datasets);

/// <summary>The insights page's five charts, made from the series the API answers (the same numbers, in display units:
/// seconds for times, percent for the hit rate).</summary>
public static class ChartSpecs
{
    // Colour pairs chosen to stay apart for the common colour-vision deficiencies.
    const string Blue = "#2563eb";
    const string Orange = "#d97706";
    const string Green = "#17693a";
    const string Red = "#b42318";
    const string Grey = "#6a7482";

    public static IReadOnlyList<ChartSpec> Of(SeriesResponse series, Bucket bucket)
    {
        var points = series.Series;
        var labels = points.Select(p => Label(p.Start, bucket)).ToList();
        var titles = points.Select(p => p.Start.UtcDateTime.ToString(bucket == Bucket.Hour ? "yyyy-MM-dd HH:mm 'UTC'" : "yyyy-MM-dd 'UTC'", CultureInfo.InvariantCulture)).ToList();
        var starts = points.Select(p => p.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).ToList();
        var x = bucket == Bucket.Hour ? "hour (UTC)" : "day (UTC)";
        ChartSpec Chart(string id, string title, string kind, string unit, bool stacked, params ChartDataset[] data) =>
            new(id, title, kind, unit, stacked, x, labels, titles, starts, data);

        return
        [
            Chart("chart-hit-rate", "Step cache-hit rate", "line", "percent", false,
                new ChartDataset("cache hit rate", points.Select(p => p.CacheHitRate * 100).ToList(), Blue)),
            Chart("chart-duration", "Build duration", "line", "seconds", false,
                new ChartDataset("p50", points.Select(p => Seconds(p.P50Ms)).ToList(), Blue),
                new ChartDataset("p95", points.Select(p => Seconds(p.P95Ms)).ToList(), Orange)),
            Chart("chart-queue", "Queue wait", "line", "seconds", false,
                new ChartDataset("queue wait p95", points.Select(p => Seconds(p.QueueP95Ms)).ToList(), Orange)),
            Chart("chart-outcomes", "Builds by outcome", "bar", "builds", true,
                new ChartDataset("succeeded", points.Select(p => (double?)p.Succeeded).ToList(), Green),
                new ChartDataset("failed", points.Select(p => (double?)p.Failed).ToList(), Red),
                new ChartDataset("other", points.Select(p => (double?)(p.Builds - p.Succeeded - p.Failed)).ToList(), Grey)),
            Chart("chart-saved", "Time saved by the cache", "bar", "seconds", false,
                new ChartDataset("time saved", points.Select(p => (double?)p.SecondsSaved).ToList(), Green)),
        ];
    }

    static double? Seconds(long? ms) => ms / 1000.0;

    static string Label(DateTimeOffset start, Bucket bucket) =>
        start.UtcDateTime.ToString(bucket == Bucket.Hour ? "MMM d HH:mm" : "MMM d", CultureInfo.InvariantCulture);
}
