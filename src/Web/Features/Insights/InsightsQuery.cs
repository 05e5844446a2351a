using Microsoft.AspNetCore.Mvc;

namespace BuildFarm.Web.Features.Insights;

/// <summary>The query string every insights endpoint reads: <c>from</c>/<c>to</c> (ISO 8601; 7 days to now by default) or
/// <c>range</c> (24h, 7d, 30d, ending now), <c>bucket</c> (hour, day; chosen from the range when left out), and the filters.</summary>
public sealed record InsightsQuery(
    [FromQuery] string? From,
    [FromQuery] string? To,
    [FromQuery] string? Bucket,
    [FromQuery] string? Range,
    [FromQuery] string? Repository,
    [FromQuery] string? Agent,
    [FromQuery(Name = "base")] string? Base)
{
    public (InsightsFilter? Filter, string? Error) Parse(DateTimeOffset now) =>
        InsightsFilter.Parse(From, To, Bucket, Range, Repository, Agent, Base, now);
}
