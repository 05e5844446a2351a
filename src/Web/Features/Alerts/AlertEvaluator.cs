using System.Threading.Channels;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>
/// Runs the alert rules in Web. A failed build is judged as soon as this process hears it changed (the same notice
/// that refreshes the pages, sent after the scheduler stored the failure and its miss explanation); the timer judges
/// the hit rate and catches up failures finished while no notice arrived (a restart, a lost notice).
/// </summary>
/// <remarks>Web rather than the scheduler's BuildFinishedConsumer: it keeps the scheduler's hot path free of reporting
/// queries, the alert and its webhook live in one process, and the miss explanation is stored by then. The unique alert
/// key makes several Web processes, or the live path and the catch-up, raise each alert once.</remarks>
public sealed class AlertEvaluator(
    IServiceScopeFactory scopes, LiveUpdates live, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertEvaluator> log)
    : BackgroundService
{
    readonly Channel<Guid> _changed = Channel.CreateBounded<Guid>(new BoundedChannelOptions(10_000)
    {
        // A burst of step notices beyond this is dropped; the catch-up pass still sees the failures among them.
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    TimeSpan Interval => TimeSpan.FromMinutes(options.Value.EvaluateMinutes);

    HitRateThresholds Thresholds => new(options.Value.HitRateDropPoints, options.Value.HitRateMinSteps);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.BuildChanged += OnBuildChanged;
        stoppingToken.Register(() => live.BuildChanged -= OnBuildChanged);
        return Task.WhenAll(JudgeChangedBuildsAsync(stoppingToken), OnTimerAsync(stoppingToken));
    }

    void OnBuildChanged(Guid buildId) => _changed.Writer.TryWrite(buildId);

    async Task JudgeChangedBuildsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var buildId in _changed.Reader.ReadAllAsync(ct))
                await GuardAsync(db => StepRegressionCheck.EvaluateAsync(db, buildId, clock.GetUtcNow(), ct), ct);
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
