namespace BuildFarm.Web.Features.Insights;

/// <summary>Each chart's and table's numbers as CSV, with the columns the JSON has.</summary>
static class InsightsCsv
{
    public static string Series(SeriesResponse series) => CsvText.Of(
        ["start", "builds", "succeeded", "failed", "cacheHitRate", "p50Ms", "p95Ms", "queueP95Ms", "secondsSaved"],
        series.Series.Select(p => new object?[]
            { p.Start, p.Builds, p.Succeeded, p.Failed, p.CacheHitRate, p.P50Ms, p.P95Ms, p.QueueP95Ms, p.SecondsSaved }));

    public static string Causes(CausesResponse causes) =>
        CsvText.Of(["cause", "builds"], causes.Causes.Select(c => new object?[] { c.Cause, c.Builds }));

    public static string SlowestSteps(SlowestStepsResponse slowest) => CsvText.Of(
        ["instruction", "repository", "p50Ms", "p95Ms", "runs"],
        slowest.Steps.Select(s => new object?[] { s.Instruction, s.Repository, s.P50Ms, s.P95Ms, s.Runs }));

    public static string Agents(AgentUsageResponse agents) => CsvText.Of(
        ["agentId", "name", "builds", "busyMs", "utilisation", "cacheHitRate"],
        agents.Agents.Select(a => new object?[] { a.AgentId, a.Name, a.Builds, a.BusyMs, a.Utilisation, a.CacheHitRate }));
}
