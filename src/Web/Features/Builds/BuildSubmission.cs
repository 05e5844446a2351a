using System.Security.Claims;
using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Web.Features.Bases;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Features.Registry;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>What a submission came to: the stored build, or every reason it was refused.</summary>
public sealed record Submitted(Build? Build, IReadOnlyList<string> Errors);

/// <summary>
/// Queues a build from the form, the API or a rebuild: validate, plan, store as queued, then wake the outbox that
/// hands it to the scheduler. Planning reads
/// the Dockerfile at the commit and resolves its bases, so a build that can only fail (no Dockerfile, a syntax error,
/// an unknown stage or base) is refused here with its line rather than queued.
/// </summary>
public sealed class BuildSubmission(
    FarmDbContext db,
    BuildOutbox outbox,
    BuildPlanner planner,
    SubmissionGate gate,
    LiveUpdates live,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<BuildSubmission> log)
{
    bool AllowLocal => configuration.GetValue("Farm:AllowLocalRepositories", false);

    /// <summary>Off only where the farm cannot reach sources at submit (the API's own slice tests): builds are then
    /// stored unplanned and placed by load.</summary>
    bool PlanAtSubmit => configuration.GetValue("Farm:PlanAtSubmit", true);

    public IReadOnlyList<string> Validate(BuildSpec spec) => BuildSpecValidator.Validate(spec, AllowLocal);

    /// <summary>Stores and dispatches a valid, plannable spec. The build is stored even when the broker is down; the
    /// outbox sends it later.</summary>
    /// <param name="atCommit">Build this commit, keeping the ref's name (a rebuild of the same commit); null for
    /// wherever the ref points now.</param>
    /// <param name="via">How it came ("the API", "the dashboard"), for the build's first event.</param>
    public async Task<Submitted> SubmitAsync(ClaimsPrincipal user, BuildSpec spec, string via, CancellationToken cancellationToken, string? atCommit = null)
    {
        FarmAccess.Require(user, FarmRoles.Member, "queue builds");
        spec = ReleasePins.Enforce(spec);
        var errors = Validate(spec);
        if (errors.Count > 0)
            return new Submitted(null, errors);
        using var turn = await gate.EnterAsync(cancellationToken);
        // Without planning there is no commit to hold the ref to but the commit itself.
        if (atCommit is not null && !PlanAtSubmit)
            spec = spec with { Ref = atCommit };
        var planned = PlanAtSubmit ? await planner.PlanAsync(spec, AllowLocal, cancellationToken, atCommit) : null;
        if (planned is { Succeeded: false })
            return new Submitted(null, planned.Errors);
        var (pins, unpinned) = ReleasePins.For(spec, planned);
        if (unpinned is not null)
            return new Submitted(null, [unpinned]);
        if (await RefusalAsync(planned, spec, cancellationToken) is { } refusal)
            return new Submitted(null, [refusal]);

        var now = time.GetUtcNow();
        if (planned is not null)
        {
            planned = await DigestLedger.RecordBasesAsync(db, planned, now, cancellationToken);
            // A moved base tag is the first thing to look at when cache hits drop across the farm.
            foreach (var moved in planned.Bases.Where(b => b.MovedFrom is not null))
                log.LogWarning("Base tag {Reference} moved from {OldDigest} to {NewDigest}", moved.Reference, moved.MovedFrom, moved.TagDigest);
        }
        var build = new Build
        {
            Id = Guid.CreateVersion7(now),
            Status = BuildStatus.Queued,
            Repository = spec.Repository,
            Ref = spec.Ref,
            DockerfilePath = spec.DockerfilePath,
            ContextPath = spec.ContextPath,
            Target = spec.Target,
            BuildArgs = new Dictionary<string, string>(spec.BuildArgs),
            Tags = [.. spec.Tags],
            NoCache = spec.NoCache,
            Pull = spec.Pull,
            Release = spec.Release,
            Push = spec.Push,
            RequiredLabels = new Dictionary<string, string>(spec.RequiredLabels ?? new Dictionary<string, string>()),
            Commit = planned?.Commit,
            PlanJson = planned is null ? null : JsonSerializer.Serialize(PlanOf(planned, spec) with { Pins = pins }, JsonSerializerOptions.Web),
            CheckJson = spec.Check is null ? null : JsonSerializer.Serialize(spec.Check, JsonSerializerOptions.Web),
            LintJson = planned?.Lint is { } lint ? JsonSerializer.Serialize(lint.Findings, JsonSerializerOptions.Web) : null,
            QueuedAt = now,
            QueuedById = FarmAccess.UserId(user),
            QueuedBy = user.Identity?.Name,
            Dispatched = false,
            Events = [new BuildEvent { At = now, Status = BuildStatus.Queued, Message = $"Queued by {user.Identity?.Name} from {via}{(planned is null ? "" : Planned(planned))}{Pinned(pins)}" }],
        };
        db.Builds.Add(build);
        db.BuildBases.AddRange(BuildBaseRows.Of(build.Id, planned));
        await db.SaveChangesAsync(cancellationToken);

        outbox.Wake();
        live.NotifyBuildChanged(build.Id, build.Status);
        return new Submitted(build, []);
    }

    /// <summary>A build no registered agent could ever run (labels none carries, a GPU check where none has a GPU its
    /// image's CUDA runs on, a platform none builds for) is refused now with what each agent has, rather than queued
    /// to wait for an agent that does not exist.</summary>
    async Task<string?> RefusalAsync(PlanningResult? planned, BuildSpec spec, CancellationToken cancellationToken)
    {
        var requirements = planned is null
            ? BuildPlan.Unplanned(spec)
            : PlanOf(planned, spec) with { RequiredLabels = spec.RequiredLabels ?? new Dictionary<string, string>() };
        var agents = await db.Agents.AsNoTracking().ToListAsync(cancellationToken);
        return Feasibility.Refusal(agents.Select(a => a.ToSnapshot()).ToList(), requirements);
    }

    /// <summary>A check that asks for GPUs may only go to an agent with a working GPU whose driver runs the image's CUDA.</summary>
    static BuildPlan PlanOf(PlanningResult planned, BuildSpec spec) =>
        BuildPlan.FromPlanned(planned.Plan!) with
        {
            Gpu = spec.Check is { Gpus: true } ? new GpuRequirement(planned.CudaVersion) : null,
            NoCache = spec.NoCache,
        };

    static string Pinned(IReadOnlyList<BasePin> pins) =>
        pins.Count == 0 ? "" : $"; release build: bases pinned to {ReleasePins.Describe(pins)}";

    /// <summary>The commit and each base's digest, with what the registry said when it could not tell.</summary>
    static string Planned(PlanningResult planned)
    {
        var bases = planned.Bases.Select(b => b.Digest is { } d
            ? $"{b.Reference} = {d}{(b.MovedFrom is { } old ? $" (tag moved from {old} to {b.TagDigest})" : "")}"
            : $"{b.Reference}: digest unknown ({b.Note})");
        return $"; planned at {planned.Commit?[..Math.Min(12, planned.Commit.Length)]}" +
               (planned.Bases.Count > 0 ? "; " + string.Join("; ", bases) : "");
    }
}
