using System.Collections.Concurrent;
using System.Threading.Channels;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>
/// Runs the alert rules in Web. A failed build is judged as soon as this process hears it failed (the same notice
/// that refreshes the pages, sent after the scheduler stored the failure and its miss explanation); the timer judges
/// the hit rate and catches up failures finished while no notice arrived (a restart, a lost notice).
/// </summary>
/// <remarks>Notices come for every step of every running build: those whose status says the build did not fail are
/// passed over without a read (under load they were a seventh of this process's CPU), and a build already waiting to
/// be judged is not queued twice.</remarks>
/// <remarks>Web rather than the scheduler's BuildFinishedConsumer: it keeps the scheduler's hot path free of reporting
/// queries, the alert and its webhook live in one process, and the miss explanation is stored by then. The unique alert
/// key makes several Web processes, or the live path and the catch-up, raise each alert once.</remarks>
public sealed class AlertEvaluator(
    IServiceScopeFactory scopes, LiveUpdates live, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertEvaluator> log)
    : BackgroundService
{
    // Unbounded, yet never longer than the failed builds not judged yet: a build waiting is not queued again.
    readonly Channel<Guid> _changed = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    readonly ConcurrentDictionary<Guid, bool> _waiting = new();

    TimeSpan Interval => TimeSpan.FromMinutes(options.Value.EvaluateMinutes);

    HitRateThresholds Thresholds => new(options.Value.HitRateDropPoints, options.Value.HitRateMinSteps);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.BuildStatusNoticed += OnBuildChanged;
        stoppingToken.Register(() => live.BuildStatusNoticed -= OnBuildChanged);
        return Task.WhenAll(JudgeChangedBuildsAsync(stoppingToken), OnTimerAsync(stoppingToken));
    }

    void OnBuildChanged((Guid BuildId, string? Status) notice)
    {
        // A notice that does not say the status may be a failure: judged, as the rule reads the status itself.
        if (notice.Status is null or BuildStatus.Failed && _waiting.TryAdd(notice.BuildId, true))
            _changed.Writer.TryWrite(notice.BuildId);
    }

    async Task JudgeChangedBuildsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var buildId in _changed.Reader.ReadAllAsync(ct))
            {
                // Taken off before the read, so a notice arriving during it is judged again rather than lost.
                _waiting.TryRemove(buildId, out _);
                await GuardAsync(db => StepRegressionCheck.EvaluateAsync(db, buildId, clock.GetUtcNow(), ct), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task OnTimerAsync(CancellationToken ct)
    {
        if (Interval <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
                await EvaluateAsync(ct);
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass of the timed rules: the hit rate, and failures of the last two intervals.</summary>
    public async Task EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await GuardAsync(db => HitRateCheck.EvaluateAsync(db, now, Thresholds, ct), ct);
        var since = now - 2 * Interval;
        var failed = await GuardAsync(db => db.Builds.Where(b => b.Status == BuildStatus.Failed && b.FinishedAt >= since)
            .Select(b => b.Id).ToListAsync(ct), ct) ?? [];
        foreach (var buildId in failed)
            await GuardAsync(db => StepRegressionCheck.EvaluateAsync(db, buildId, now, ct), ct);
    }

    async Task<T?> GuardAsync<T>(Func<FarmDbContext, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // An alert is advice: a database that is away delays it to the next notice or tick, never stops the loop.
            log.LogWarning(e, "Alert rules could not run; trying again on the next notice or tick");
            return default;
        }
    }
}
