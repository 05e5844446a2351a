using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Bases;

static class BasesApi
{
    public static IEndpointRouteBuilder MapBasesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/bases").RequireAuthorization(FarmPolicies.Viewer)
            .MapGet("", async Task<Ok<List<BaseView>>> (FarmDbContext db, CancellationToken ct) => TypedResults.Ok(await db.BasesAsync(ct)));
        return app;
    }
}
