using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Placement;

static class PlacementApi
{
    /// <summary><c>GET /api/placement/accuracy?last=200</c>: predictions scored over the most recent builds.</summary>
    public static IEndpointRouteBuilder MapPlacementApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/placement").RequireAuthorization(FarmPolicies.Viewer)
            .MapGet("/accuracy", async Task<Ok<PlacementAccuracy>> (FarmDbContext db, int? last, CancellationToken cancellationToken) =>
                TypedResults.Ok(await PlacementAccuracy.OfLastAsync(db, last ?? PlacementAccuracy.DefaultLast, cancellationToken)));
        return app;
    }
}
