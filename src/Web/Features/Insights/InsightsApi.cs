using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Insights;

static class InsightsApi
{
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary><c>/api/insights/{series,causes,slowest-steps,agents}</c> as JSON for scripts, each also as <c>.csv</c>.
    /// The CSV files are served under <c>/insights/</c> too, without the API token, for the page's download links: they
    /// hold what the page itself shows.</summary>
    public static IEndpointRouteBuilder MapInsightsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/insights").RequireAuthorization(FarmPolicies.Viewer);
        api.MapGet("/series", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Json(q, time, f => db.SeriesAsync(f, ct)));
        api.MapGet("/causes", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Json(q, time, f => db.CausesAsync(f, ct)));
        api.MapGet("/slowest-steps", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Json(q, time, f => db.SlowestStepsAsync(f, ct)));
        api.MapGet("/agents", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Json(q, time, f => db.AgentsAsync(f, ct)));
        MapCsv(api);
        MapCsv(app.MapGroup("/insights").RequireAuthorization(FarmPolicies.Viewer));
        return app;
    }

    static void MapCsv(RouteGroupBuilder group)
    {
        group.MapGet("/series.csv", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Csv(q, time, async f => InsightsCsv.Series(await db.SeriesAsync(f, ct))));
        group.MapGet("/causes.csv", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Csv(q, time, async f => InsightsCsv.Causes(await db.CausesAsync(f, ct))));
        group.MapGet("/slowest-steps.csv", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) =>
            Csv(q, time, async f => InsightsCsv.SlowestSteps(await db.SlowestStepsAsync(f, ct))));
        group.MapGet("/agents.csv", ([AsParameters] InsightsQuery q, FarmDbContext db, TimeProvider time, CancellationToken ct) => Csv(q, time, async f => InsightsCsv.Agents(await db.AgentsAsync(f, ct))));
    }

    static async Task<Results<Ok<T>, ProblemHttpResult>> Json<T>(InsightsQuery q, TimeProvider time, Func<InsightsFilter, Task<T>> read)
    {
        var (filter, error) = q.Parse(time.GetUtcNow());
        return filter is null ? Invalid(error!) : TypedResults.Ok(await read(filter));
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Csv(InsightsQuery q, TimeProvider time, Func<InsightsFilter, Task<string>> read)
    {
        var (filter, error) = q.Parse(time.GetUtcNow());
        return filter is null ? Invalid(error!) : TypedResults.Text(await read(filter), CsvType);
    }

    static ProblemHttpResult Invalid(string error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The insights query is not valid.", detail: error);
}
