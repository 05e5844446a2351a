using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Features.Builds;

public sealed class BuildOutboxOptions
{
    /// <summary>How often undispatched builds are retried when nothing wakes the outbox sooner.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The only place builds are handed to the scheduler. A submission stores its build and wakes the outbox, so the
/// person or script submitting never waits on the broker: while it is down or slow they get their build id at once,
/// and the build shows that it waits for the broker until a publish goes through. A build may be published twice (two
/// Web instances, or a publish that did arrive but timed out): the scheduler's consumer is idempotent by build id.
/// </summary>
public sealed class BuildOutbox(
    IServiceScopeFactory scopes,
    LiveUpdates live,
    IOptions<BuildOutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BuildOutbox> log) : BackgroundService
{
    // One pending wake-up is enough: a pass sends every build stored before it started.
    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Asks for a pass now: a build was just stored.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already due.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The bus starts after this service; publishing before it would only record a needless error.
            await WhenStarted(stoppingToken);
            while (true)
            {
                try
                {
                    await DispatchPendingAsync(stoppingToken);
                }
                catch (Exception ex) when (DatabaseOutage.Is(ex))
                {
                    // Expected while the database restarts: one line a pass, not a stack trace.
                    log.LogWarning("Outbox waits for the database: {Reason}", DatabaseOutage.Reason(ex));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning(ex, "Outbox pass failed; retrying in {Interval}", options.Value.Interval);
                }
                await _wake.WaitAsync(options.Value.Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    internal async Task DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<BuildDispatcher>();
        var pending = await db.Builds
            .Where(b => !b.Dispatched && b.Status == BuildStatus.Queued)
            .OrderBy(b => b.QueuedAt).ThenBy(b => b.Id)
            .Take(50)
            .ToListAsync(cancellationToken);

        foreach (var build in pending)
        {
            // Stop at the first failure: the broker is still away and the rest would only wait out the same timeout.
            var sent = await dispatcher.DispatchAsync(build, cancellationToken);
            live.NotifyBuildChanged(build.Id, build.Status);
            if (!sent)
                break;
        }
    }
}
