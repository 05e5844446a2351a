using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Agents;

static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/agents").RequireAuthorization(AdminTokenAuthentication.Policy)
            .MapGet("", async Task<Ok<List<AgentView>>> (FarmDbContext db, CancellationToken cancellationToken) =>
                TypedResults.Ok(await db.AgentsAsync(cancellationToken)));
        return app;
    }
}
