using System.Security.Claims;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BuildFarm.Web.Features.Builds;

/// <summary>The body of <c>POST /api/builds</c>: the same fields as the form.</summary>
public sealed record BuildRequestBody(
    string? Repository,
    string? Ref,
    string? DockerfilePath = null,
    string? ContextPath = null,
    string? Target = null,
    Dictionary<string, string>? BuildArgs = null,
    List<string>? Tags = null,
    bool NoCache = false,
    bool Pull = false,
    BuildCheckBody? Check = null,
    Dictionary<string, string>? RequiredLabels = null,
    bool Release = false,
    bool Push = false);

/// <summary>A check to run in the built image: the command as an argument list (never given to a shell by the farm).</summary>
public sealed record BuildCheckBody(List<string>? Command, bool Gpus = false, int? TimeoutSeconds = null);

/// <summary>Answer to a queued build: where to follow it.</summary>
public sealed record BuildAccepted(Guid Id, string Status, string Url);

static class BuildsApi
{
    public static IEndpointRouteBuilder MapBuildsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/builds").RequireAuthorization(FarmPolicies.Viewer);
        api.MapPost("", Queue).RequireAuthorization(FarmPolicies.Member);
        api.MapGet("", List);
        api.MapGet("{id:guid}", Get).WithName("GetBuild");
        api.MapPost("{id:guid}/cancel", Cancel).RequireAuthorization(FarmPolicies.Member);
        app.MapBuildLogs();
        return app;
    }

    /// <summary>A script that retries a POST whose answer it lost sends the same <c>Idempotency-Key</c> and gets the
    /// first build back, not a second one.</summary>
    static async Task<Results<Accepted<BuildAccepted>, ValidationProblem>> Queue(
        BuildRequestBody body, ClaimsPrincipal user, BuildSubmission submission, SubmissionKeys keys, [FromHeader(Name = "Idempotency-Key")] string? key,
        CancellationToken cancellationToken)
    {
        var spec = BuildInput.ToSpec(body.Repository, body.Ref, body.DockerfilePath, body.ContextPath, body.Target,
            body.BuildArgs, body.Tags, body.NoCache, body.Pull, body.RequiredLabels, body.Release, body.Push) with
        {
            Check = body.Check is null ? null : new BuildCheck(body.Check.Command ?? [], body.Check.Gpus, body.Check.TimeoutSeconds ?? 600),
        };
        var (build, errors) = await keys.OnceAsync(key is null ? null : $"api:{FarmAccess.UserId(user)}:{key}",
            () => submission.SubmitAsync(user, spec, "the API", cancellationToken));
        if (build is null)
            return TypedResults.ValidationProblem(
                BuildErrorFields.ByField(errors),
                title: "The build request is not valid.");

        return TypedResults.Accepted($"/api/builds/{build.Id}", new BuildAccepted(build.Id, build.Status, $"/builds/{build.Id}"));
    }

    static async Task<Results<Ok<BuildDetails>, NotFound>> Get(Guid id, FarmDbContext db, CancellationToken cancellationToken) =>
        await db.DetailsAsync(id, cancellationToken) is { } build ? TypedResults.Ok(build) : TypedResults.NotFound();

    /// <summary>Newest first; <c>offset</c> pages past <c>limit</c> (at most 500) rows; <c>mine=true</c> keeps the caller's own.</summary>
    static async Task<Ok<List<BuildSummary>>> List(FarmDbContext db, ClaimsPrincipal user, string? status, string? repository, string? agent,
        [FromQuery(Name = "ref")] string? gitRef, string? commit, string? q, int? limit, int? offset, bool? mine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ListAsync(new BuildFilter(status, repository, agent, Math.Min(limit ?? 50, BuildFilter.MaxLimit))
        {
            Ref = gitRef, Commit = commit, Text = q, Offset = offset ?? 0,
            QueuedById = mine == true ? FarmAccess.UserId(user) ?? "" : null,
        }, cancellationToken));

    static async Task<Results<Accepted<BuildAccepted>, NotFound, ProblemHttpResult>> Cancel(
        Guid id, ClaimsPrincipal user, BuildCancellation cancellation, CancellationToken cancellationToken)
    {
        var (outcome, status, error) = await cancellation.RequestAsync(user, id, cancellationToken);
        return outcome switch
        {
            CancelOutcome.NotFound => TypedResults.NotFound(),
            CancelOutcome.AlreadyFinal => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The build has already finished.",
                detail: $"Build {id} is {status}; only queued, assigned or running builds can be cancelled."),
            CancelOutcome.BrokerUnavailable => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The cancel request is stored but could not reach the message broker.",
                detail: error),
            _ => TypedResults.Accepted($"/api/builds/{id}", new BuildAccepted(id, status!, $"/builds/{id}")),
        };
    }
}
