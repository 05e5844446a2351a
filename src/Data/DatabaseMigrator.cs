using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildFarm.Data;

/// <summary>
/// Reaches the database, applies migrations and, on PostgreSQL, opens the connections the pool keeps, before the bus
/// starts (hosted services start in registration order).
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
        else
            await FillPoolAsync(cancellationToken);
    }

    /// <summary>Opens the pool's floor of connections at once (FarmDatabase: Minimum Pool Size), so the first burst of
    /// pages and submissions finds them open instead of opening them while the database is busiest. A database that
    /// refuses some (max_connections reached) costs only the warning: they are opened when needed, as before.</summary>
    async Task FillPoolAsync(CancellationToken ct)
    {
        var floor = new NpgsqlConnectionStringBuilder(settings.ConnectionString).MinPoolSize;
        var connections = Enumerable.Range(0, floor).Select(_ => new NpgsqlConnection(settings.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(connections.Select(c => c.OpenAsync(ct)));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Opened {Open} of the {Floor} database connections kept ready: {Reason}",
                connections.Count(c => c.State == System.Data.ConnectionState.Open), floor, DatabaseOutage.Reason(e));
        }
        finally
        {
            // Back to the pool, which keeps them open.
            foreach (var connection in connections)
                await connection.DisposeAsync();
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
