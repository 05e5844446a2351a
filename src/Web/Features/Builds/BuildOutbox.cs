using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Features.Builds;

public sealed class BuildOutboxOptions
{
    /// <summary>How often undispatched builds are retried.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A build without an error is left alone this long: its own request is probably still publishing it.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Sends builds that were stored while the broker was unreachable, or whose process stopped between storing
/// and publishing. A build may be published twice (two Web instances, or a publish that did arrive but timed out):
/// the scheduler's consumer is idempotent by build id.</summary>
sealed class BuildOutbox(
    IServiceScopeFactory scopes,
    LiveUpdates live,
    TimeProvider time,
    IOptions<BuildOutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BuildOutbox> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            // The bus starts after this service; publishing before it would only record a needless error.
            await WhenStarted(stoppingToken);
            do
            {
                try
                {
                    await DispatchPendingAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning(ex, "Outbox pass failed; retrying in {Interval}", options.Value.Interval);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
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
        var staleBefore = time.GetUtcNow() - options.Value.Grace;

        var pending = await db.Builds
            .Where(b => !b.Dispatched && b.Status == BuildStatus.Queued && (b.DispatchError != null || b.QueuedAt < staleBefore))
            .OrderBy(b => b.QueuedAt).ThenBy(b => b.Id)
            .Take(50)
            .ToListAsync(cancellationToken);

        foreach (var build in pending)
        {
            // Stop at the first failure: the broker is still away and the rest would only wait out the same timeout.
            var sent = await dispatcher.DispatchAsync(build, cancellationToken);
            live.NotifyBuildChanged(build.Id);
            if (!sent)
                break;
        }
    }
}
