using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Agents;

static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agents").RequireAuthorization(FarmPolicies.Viewer);
        api.MapGet("", async Task<Ok<List<AgentView>>> (FarmDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(await db.AgentsAsync(cancellationToken)));
        foreach (var action in AgentAdmin.Actions)
        {
            api.MapPost($"{{id}}/{action}", async Task<Results<Ok<AdmissionView>, NotFound, Conflict<ProblemText>>> (
                    string id, ClaimsPrincipal user, FarmDbContext db, CancellationToken ct) => Answer(id, await db.ApplyAsync(user, id, action, ct)))
                .RequireAuthorization(FarmPolicies.Admin);
        }
        api.MapDelete("{id}", async Task<Results<NoContent, NotFound, Conflict<ProblemText>>> (string id, ClaimsPrincipal user, FarmDbContext db, CancellationToken ct) =>
            (await db.RemoveAsync(user, id, ct)).Outcome switch
            {
                AgentAdmin.Outcome.NotFound => TypedResults.NotFound(),
                AgentAdmin.Outcome.Conflict => TypedResults.Conflict(new ProblemText("the agent still has builds; drain it and wait for them to finish")),
                _ => TypedResults.NoContent(),
            })
            .RequireAuthorization(FarmPolicies.Admin);
        api.MapJoinTokens();
        return app;
    }

    static Results<Ok<AdmissionView>, NotFound, Conflict<ProblemText>> Answer(string id, AgentAdmin.Change change) => change.Outcome switch
    {
        AgentAdmin.Outcome.NotFound => TypedResults.NotFound(),
        AgentAdmin.Outcome.Conflict => TypedResults.Conflict(new ProblemText(change.Why!)),
        _ => TypedResults.Ok(new AdmissionView(id, change.Admission!)),
    };

    static void MapJoinTokens(this RouteGroupBuilder api)
    {
        // Join tokens let a host run builds here: admins only, reading included.
        var tokens = api.MapGroup("join-tokens").RequireAuthorization(FarmPolicies.Admin);
        tokens.MapGet("", async Task<Ok<List<JoinTokenView>>> (FarmDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.JoinTokensAsync(ct)));
        tokens.MapPost("", async Task<Results<Created<NewJoinToken>, ValidationProblem>> (
            CreateJoinToken body, FarmDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (JoinTokens.Invalid(body.Name) is { } why)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [why] }, title: "The join token request is not valid.");
            var made = await db.CreateAsync(body.Name, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/agents/join-tokens/{made.Id}", made);
        });
        tokens.MapDelete("{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, FarmDbContext db, TimeProvider time, CancellationToken ct) =>
            await db.RevokeAsync(id, time.GetUtcNow(), ct) ? TypedResults.NoContent() : TypedResults.NotFound());
    }
}

/// <summary>An agent's admission after an admin's action.</summary>
public sealed record AdmissionView(string Id, string Admission);

/// <summary>Why a request was refused, for a person to read.</summary>
public sealed record ProblemText(string Error);
