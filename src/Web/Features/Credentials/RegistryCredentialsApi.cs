using System.Security.Claims;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>The body of <c>POST /api/registry-credentials</c>; <c>PUT /api/registry-credentials/{registry}</c> takes the
/// same without the registry.</summary>
public sealed record CredentialBody(string? Registry, string? Username, string? Password);

/// <summary>The body of <c>PUT /api/registry-credentials/{registry}</c>.</summary>
public sealed record CredentialSecretBody(string? Username, string? Password);

/// <summary>
/// Registry credentials for scripts, Admin only: <c>GET /api/registry-credentials</c> lists them (never a secret),
/// <c>PUT /api/registry-credentials/{registry}</c> or <c>POST /api/registry-credentials</c> creates or replaces a
/// registry's credential (201 when made, 200 when replaced), <c>DELETE /api/registry-credentials/{id}</c> removes one.
/// </summary>
public static class RegistryCredentialsApi
{
    const string Invalid = "The registry credential is not valid.";

    public static IEndpointRouteBuilder MapRegistryCredentialsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/registry-credentials").RequireAuthorization(FarmPolicies.Admin);
        api.MapGet("", ListAsync);
        api.MapPost("", (CredentialBody body, ClaimsPrincipal user, RegistryCredentials credentials, CancellationToken ct) =>
            SaveAsync(new CredentialInput(body.Registry, body.Username, body.Password), user, credentials, ct));
        api.MapPut("{registry}", (string registry, CredentialSecretBody body, ClaimsPrincipal user, RegistryCredentials credentials,
            CancellationToken ct) => SaveAsync(new CredentialInput(registry, body.Username, body.Password), user, credentials, ct));
        api.MapDelete("{id:guid}", RemoveAsync);
        return app;
    }

    static async Task<Results<Ok<List<RegistryCredentialView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, RegistryCredentials credentials, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await credentials.ListAsync(user, ct));
        }
        catch (FarmForbiddenException e)
        {
            return Forbidden(e);
        }
    }

    static async Task<Results<Created<RegistryCredentialView>, Ok<RegistryCredentialView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        CredentialInput input, ClaimsPrincipal user, RegistryCredentials credentials, CancellationToken ct)
    {
        if (input.Problems() is { Count: > 0 } problems)
            return TypedResults.ValidationProblem(problems, title: Invalid);
        try
        {
            var (view, created) = await credentials.SaveAsync(user, input, ct);
            return created
                ? TypedResults.Created($"/api/registry-credentials/{Uri.EscapeDataString(view.Registry)}", view)
                : TypedResults.Ok(view);
        }
        catch (FarmForbiddenException e)
        {
            return Forbidden(e);
        }
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveAsync(
        Guid id, ClaimsPrincipal user, RegistryCredentials credentials, CancellationToken ct)
    {
        try
        {
            return await credentials.RemoveAsync(user, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
        }
        catch (FarmForbiddenException e)
        {
            return Forbidden(e);
        }
    }

    /// <summary>The service's own role check answers 403 with its sentence, should a route ever let a caller past.</summary>
    static ProblemHttpResult Forbidden(FarmForbiddenException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: e.Message);
}
