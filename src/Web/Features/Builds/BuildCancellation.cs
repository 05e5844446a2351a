using System.Security.Claims;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using BuildFarm.Web.Features.Live;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

public enum CancelOutcome { Requested, NotFound, AlreadyFinal, BrokerUnavailable }

/// <summary>Web only asks; the scheduler owns the build's state and decides what cancelling means at its stage.</summary>
public sealed class BuildCancellation(
    FarmDbContext db,
    IPublishEndpoint publish,
    LiveUpdates live,
    TimeProvider time,
    ILogger<BuildCancellation> log)
{
    public async Task<(CancelOutcome Outcome, string? Status, string? Error)> RequestAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        FarmAccess.Require(user, FarmRoles.Member, "cancel builds");
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (build is null)
            return (CancelOutcome.NotFound, null, null);
        if (BuildStatus.IsFinal(build.Status))
            return (CancelOutcome.AlreadyFinal, build.Status, null);

        // The flag is stored first: a scheduler that places the build later still sees it even if the publish fails.
        build.CancelRequested = true;
        await db.SaveChangesAsync(cancellationToken);
        live.NotifyBuildChanged(id, build.Status);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BuildDispatcher.PublishTimeout);
        try
        {
            await publish.Publish(new BuildCancelRequested(id, time.GetUtcNow()), timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(ex, "Cancel of build {BuildId} could not reach the message broker", id);
            return (CancelOutcome.BrokerUnavailable, build.Status, ex.GetBaseException().Message);
        }
        log.LogInformation("Cancel of build {BuildId} requested", id);
        return (CancelOutcome.Requested, build.Status, null);
    }
}
