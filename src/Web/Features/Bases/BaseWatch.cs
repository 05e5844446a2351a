using BuildFarm.Data;
using BuildFarm.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Bases;

/// <summary>
/// Asks the registry again, on a timer, where every base tag a build used points now, so a tag that moves between
/// builds is seen before the next build misses its cache. Moves go through the <see cref="DigestLedger"/> (the
/// tag's history and its alert); registry trouble is kept as the tag's last check and loses no history.
/// </summary>
/// <remarks>The registry client, not the planning resolver: the resolver trusts its answers for a minute, and a
/// watch must ask.</remarks>
public sealed class BaseWatch(
    IServiceScopeFactory scopes, RegistryClient registry, DigestResolver resolver, TimeProvider clock, IConfiguration configuration, ILogger<BaseWatch> log)
    : BackgroundService
{
    public const double DefaultMinutes = 15;

    /// <summary>Read where the issue names it; fractions of a minute let a test watch every few seconds. Zero or less
    /// turns the timer off (submits still record what they see).</summary>
    TimeSpan Interval => TimeSpan.FromMinutes(configuration.GetValue("Scheduler:BaseWatchMinutes", DefaultMinutes));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await CheckAllAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away; the next tick tries again, and nothing was half-recorded.
                log.LogWarning(e, "Base watch pass failed; next in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Checks every tag once.</summary>
    /// <returns>How many tags were seen at a new digest.</returns>
    public async Task<int> CheckAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        var references = await db.ImageDigests.Select(d => d.Reference).Distinct().OrderBy(r => r).ToListAsync(ct);
        var moved = 0;
        foreach (var reference in references)
        {
            var lookup = await registry.ResolveAsync(reference, null, ct);
            var now = clock.GetUtcNow();
            if (lookup.Image is { } image)
            {
                var moves = await DigestLedger.RecordAsync(db, [(reference, image.Digest)], now, ct);
                foreach (var (_, from) in moves)
                {
                    log.LogWarning("Base watch: {Reference} moved from {OldDigest} to {NewDigest}", reference, from, image.Digest);
                    resolver.Forget(reference);
                }
                moved += moves.Count;
            }
            else
                log.LogWarning("Base watch could not check {Reference}: {Reason}", reference, lookup.Error?.Message);
            await RecordCheckAsync(db, reference, now, lookup.Image is null ? lookup.Error?.Message ?? "no answer" : null, ct);
        }
        return moved;
    }

    static async Task RecordCheckAsync(FarmDbContext db, string reference, DateTimeOffset at, string? error, CancellationToken ct)
    {
        var check = await db.BaseChecks.FirstOrDefaultAsync(c => c.Reference == reference, ct);
        if (check is null)
            db.BaseChecks.Add(check = new BaseCheck { Reference = reference });
        check.CheckedAt = at;
        check.Error = error;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another Web process recorded its check of the same tag first: one answer is as good as the other.
            db.Entry(check).State = EntityState.Detached;
        }
    }
}
