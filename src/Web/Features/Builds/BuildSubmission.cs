using BuildFarm.Contracts;
using BuildFarm.Scheduler.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;

namespace BuildFarm.Web.Features.Builds;

/// <summary>Queues a build from the form, the API or a rebuild: validate, store as queued, then dispatch.</summary>
public sealed class BuildSubmission(
    FarmDbContext db,
    BuildDispatcher dispatcher,
    LiveUpdates live,
    IConfiguration configuration,
    TimeProvider time)
{
    public IReadOnlyList<string> Validate(BuildSpec spec) =>
        BuildSpecValidator.Validate(spec, configuration.GetValue("Farm:AllowLocalRepositories", false));

    /// <summary>Stores and dispatches a spec that passed <see cref="Validate"/>. The build is stored even when the
    /// broker is down; the outbox sends it later.</summary>
    public async Task<Build> QueueAsync(BuildSpec spec, string queuedBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            QueuedAt = now,
            Dispatched = false,
            Events = [new BuildEvent { At = now, Status = BuildStatus.Queued, Message = $"Queued by {queuedBy}" }],
        };
        db.Builds.Add(build);
        await db.SaveChangesAsync(cancellationToken);

        await dispatcher.DispatchAsync(build, cancellationToken);
        live.NotifyBuildChanged(build.Id);
        return build;
    }
}
