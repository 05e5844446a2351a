namespace BuildFarm.Web.Features.Insights;

/// <summary>One bucket of the charts. <c>CacheHitRate</c> is cached steps over steps (FROM left out, as the build page
/// counts them) of the bucket's builds, release and no-cache builds left out; null when those ran no steps.</summary>
public sealed record SeriesPoint(
    DateTimeOffset Start, int Builds, int Succeeded, int Failed, double? CacheHitRate, long? P50Ms, long? P95Ms,
    long? QueueP95Ms, double SecondsSaved);

public sealed record SeriesResponse(IReadOnlyList<SeriesPoint> Series);

/// <summary>How many builds missed the cache for one reason (one of <c>MissCauses</c>).</summary>
public sealed record CauseCount(string Cause, int Builds);

public sealed record CausesResponse(IReadOnlyList<CauseCount> Causes);

/// <summary>A step that ran (not cached) in a repository: how long it takes and how often it ran.</summary>
public sealed record SlowStep(string Instruction, string Repository, long P50Ms, long P95Ms, int Runs);

public sealed record SlowestStepsResponse(IReadOnlyList<SlowStep> Steps);

/// <summary>How busy an agent was over the range (build time over the range times its slots) and how well its
/// cache served the builds it ran.</summary>
public sealed record AgentUsage(string AgentId, string? Name, int Builds, long BusyMs, double Utilisation, double? CacheHitRate);

public sealed record AgentUsageResponse(IReadOnlyList<AgentUsage> Agents);

/// <summary>A build of a clicked bucket.</summary>
public sealed record BucketBuild(Guid Id, string Status, string Repository, string Ref, string? AgentId, DateTimeOffset QueuedAt,
    long? DurationMs, int StepsCached, int StepsTotal);
