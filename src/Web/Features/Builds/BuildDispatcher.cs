using BuildFarm.Contracts;
using BuildFarm.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// Hands a stored build to the scheduler. The build row is the outbox: it is saved before publishing, and only a
/// publish that went through marks it dispatched, so a broker outage delays a build but never loses it.
/// </summary>
public sealed class BuildDispatcher(FarmDbContext db, IPublishEndpoint publish, ILogger<BuildDispatcher> log)
{
    /// <summary>A broker that is down can make a publish wait for a connection; the caller is a person waiting on a page.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public async Task<bool> DispatchAsync(Build build, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await publish.Publish(new BuildRequested(build.Id, build.Spec(), build.QueuedAt), timeout.Token);
            build.Dispatched = true;
            build.DispatchError = null;
            log.LogInformation("Build {BuildId} handed to the scheduler", build.Id);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            build.DispatchError = ex is OperationCanceledException
                ? $"no answer from the message broker within {PublishTimeout.TotalSeconds:0} s"
                : ex.GetBaseException().Message;
            log.LogWarning(ex, "Build {BuildId} stays queued until the message broker takes it", build.Id);
        }
        // The scheduler may already have placed the build (the publish went through), so write the outbox columns alone:
        // a tracked save would check the status it read and fail on the scheduler's change.
        await db.Builds.Where(b => b.Id == build.Id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Dispatched, build.Dispatched)
            .SetProperty(b => b.DispatchError, build.DispatchError), CancellationToken.None);
        db.Entry(build).Property(b => b.Dispatched).IsModified = false;
        db.Entry(build).Property(b => b.DispatchError).IsModified = false;
        return build.Dispatched;
    }
}
