using BuildFarm.Data;
using Display = BuildFarm.Web.Components.Display;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// Stored logs as plain text: <c>GET /api/builds/{id}/log</c> (every attempt's steps in order, or one attempt's with
/// <c>?attempt=N</c>) and <c>GET /api/builds/{id}/steps/{index}/log</c> (the latest attempt's step unless
/// <c>?attempt=N</c>), 1-based attempts and 0-based step indexes as the build's JSON names them. The dashboard's
/// download links reach the same text beside the build page, as open as the page that shows it.
/// </summary>
static class BuildLogApi
{
    const string PlainText = "text/plain; charset=utf-8";

    public static IEndpointRouteBuilder MapBuildLogs(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/builds").RequireAuthorization(FarmPolicies.Viewer);
        api.MapGet("{id:guid}/log", (Guid id, int? attempt, FarmDbContext db, CancellationToken ct) => BuildLog(id, attempt, db, download: false, ct));
        api.MapGet("{id:guid}/steps/{index:int}/log",
            (Guid id, int index, int? attempt, FarmDbContext db, CancellationToken ct) => StepLog(id, index, attempt, db, download: false, ct));
        // The page's download links: the same logs, under the page's sign-in cookie.
        var downloads = app.MapGroup("/builds").RequireAuthorization(FarmPolicies.Viewer);
        downloads.MapGet("{id:guid}/log", (Guid id, int? attempt, FarmDbContext db, CancellationToken ct) => BuildLog(id, attempt, db, download: true, ct));
        downloads.MapGet("{id:guid}/steps/{index:int}/log",
            (Guid id, int index, int? attempt, FarmDbContext db, CancellationToken ct) => StepLog(id, index, attempt, db, download: true, ct));
        return app;
    }

    static async Task<Results<PushStreamHttpResult, NotFound>> BuildLog(Guid id, int? attempt, FarmDbContext db, bool download, CancellationToken ct) =>
        await BuildLogText.OpenAsync(db, id, attempt, null, ct) is { } write
            ? TypedResults.Stream(write, PlainText, download ? $"build-{Display.ShortId(id)}.log" : null)
            : TypedResults.NotFound();

    static async Task<Results<PushStreamHttpResult, NotFound>> StepLog(Guid id, int index, int? attempt, FarmDbContext db, bool download,
        CancellationToken ct) =>
        await BuildLogText.OpenAsync(db, id, attempt, index, ct) is { } write
            ? TypedResults.Stream(write, PlainText, download ? $"build-{Display.ShortId(id)}-step-{index + 1}.log" : null)
            : TypedResults.NotFound();
}
