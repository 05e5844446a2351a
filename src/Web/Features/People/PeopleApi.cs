using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.People;

/// <summary>The body of <c>GET /api/me</c>.</summary>
public sealed record Me(string Email, string Role);

/// <summary>The body of <c>POST /api/users</c>.</summary>
public sealed record CreatePerson(string? Email, string? Role, string? Password);

/// <summary>The body of <c>PATCH /api/users/{id}</c>: whichever of the two is given changes.</summary>
public sealed record ChangePerson(string? Role = null, bool? Disabled = null);

static class PeopleApi
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) =>
                TypedResults.Ok(new Me(user.Identity?.Name ?? "", FarmAccess.RoleOf(user) ?? "none")))
            .RequireAuthorization(FarmPolicies.Viewer);

        var people = app.MapGroup("/api/users").RequireAuthorization(FarmPolicies.Viewer);
        people.MapGet("", async (ClaimsPrincipal user, People service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(user, ct)))
            .RequireAuthorization(FarmPolicies.Admin);
        people.MapPost("", Create).RequireAuthorization(FarmPolicies.Admin);
        people.MapPatch("{id}", Change).RequireAuthorization(FarmPolicies.Admin);
        // Open to every role: the handler lets a person reach only their own tokens, an admin anyone's.
        people.MapGet("{id}/tokens", ListTokens);
        people.MapPost("{id}/tokens", CreateToken);
        app.MapDelete("/api/tokens/{id:guid}", RevokeToken).RequireAuthorization(FarmPolicies.Viewer);
        return app;
    }

    static async Task<Results<Created<CreatedPerson>, ValidationProblem>> Create(
        CreatePerson body, ClaimsPrincipal user, People service, CancellationToken ct)
    {
        var (person, result) = await service.CreateAsync(user, body.Email, body.Role, body.Password, ct);
        return person is null
            ? TypedResults.ValidationProblem(result.Errors, title: "The person could not be added.")
            : TypedResults.Created($"/api/users/{person.Id}", person);
    }

    static async Task<Results<NoContent, NotFound, ValidationProblem>> Change(
        string id, ChangePerson body, ClaimsPrincipal user, People service, CancellationToken ct)
    {
        if (body.Role is null && body.Disabled is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["Give a role, disabled, or both."] });
        foreach (var change in new[]
                 {
                     body.Role is null ? null : service.SetRoleAsync(user, id, body.Role, ct),
                     body.Disabled is null ? null : service.SetDisabledAsync(user, id, body.Disabled.Value, ct),
                 })
        {
            if (change is null)
                continue;
            var result = await change;
            if (result.NotFound)
                return TypedResults.NotFound();
            if (!result.Succeeded)
                return TypedResults.ValidationProblem(result.Errors, title: "The change was refused.");
        }
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<List<ApiTokenView>>, NotFound, ProblemHttpResult>> ListTokens(
        string id, ClaimsPrincipal user, FarmDbContext db, CancellationToken ct)
    {
        if (Refusal(user, id) is { } refused)
            return refused;
        if (!await db.Users.AnyAsync(u => u.Id == id, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(await db.TokensOfAsync(id, ct));
    }

    static async Task<Results<Created<NewApiToken>, NotFound, ValidationProblem, ProblemHttpResult>> CreateToken(
        string id, CreateApiToken body, ClaimsPrincipal user, FarmDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (Refusal(user, id) is { } refused)
            return refused;
        if (ApiTokens.Invalid(body.Name) is { } why)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [why] }, title: "The token request is not valid.");
        var owner = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (owner is null)
            return TypedResults.NotFound();
        if (owner.DisabledAt is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["This account is disabled; its tokens would not work."] });
        var made = await db.CreateAsync(id, body.Name!, time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/users/{id}/tokens", made);
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeToken(Guid id, ClaimsPrincipal user, FarmDbContext db, CancellationToken ct)
    {
        // Someone else's token reads as absent to a non-admin: its id says nothing about whether it exists.
        var owner = await db.OwnerOfTokenAsync(id, ct);
        if (owner is null || (owner != FarmAccess.UserId(user) && !FarmAccess.Allows(user, Shared.People.FarmRoles.Admin)))
            return TypedResults.NotFound();
        return await db.RevokeTokenAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    static ProblemHttpResult? Refusal(ClaimsPrincipal user, string ownerId)
    {
        try
        {
            ApiTokens.RequireOwnerOrAdmin(user, ownerId);
            return null;
        }
        catch (FarmForbiddenException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your role does not allow this.", detail: e.Message);
        }
    }
}
