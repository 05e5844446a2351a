using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Data;

/// <summary>
/// Reaches the database and applies migrations before the bus starts (hosted services start in registration order).
/// A database that is still starting (a PostgreSQL container beside the farm) is waited for a bounded number of
/// times; one that never answers stops start-up with a sentence naming where it was looked for.
/// </summary>
sealed class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseSettings settings, ILogger<DatabaseMigrator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        await ConnectAsync(db, cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
            await LegacySqliteHistory.AdoptAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the pages read while consumers write.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    async Task ConnectAsync(FarmDbContext db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.CloseConnectionAsync();
                return;
            }
            catch (Exception e) when ((e is DbException or InvalidOperationException or TimeoutException) && !ct.IsCancellationRequested)
            {
                if (attempt >= settings.ConnectAttempts)
                    throw new DatabaseStartupException(
                        $"The farm's database ({settings.Where}) could not be reached after {attempt} attempt{(attempt == 1 ? "" : "s")}: {DatabaseOutage.Reason(e)}", e);
                log.LogWarning("Database {Where} not reachable yet (attempt {Attempt} of {Attempts}): {Reason}",
                    settings.Where, attempt, settings.ConnectAttempts, DatabaseOutage.Reason(e));
                await Task.Delay(settings.ConnectDelay, ct);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
