using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Alerts;

static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").RequireAuthorization(FarmPolicies.Admin);
        api.MapGet("", async Task<Ok<AlertList>> (FarmDbContext db, bool? unread, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await db.AlertsAsync(unread ?? false, limit ?? AlertQueries.DefaultLimit, ct)));
        api.MapPost("{id:guid}/read", async Task<Results<NoContent, NotFound>> (Guid id, ClaimsPrincipal user, FarmDbContext db, TimeProvider time, CancellationToken ct) =>
            await db.MarkAlertReadAsync(user, id, time.GetUtcNow(), ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        api.MapPost("read", async Task<NoContent> (ClaimsPrincipal user, FarmDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            await db.MarkAllAlertsReadAsync(user, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
