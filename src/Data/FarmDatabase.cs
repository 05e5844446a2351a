using BuildFarm.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Data;

public static class FarmDatabase
{
    /// <summary>Registers the farm's DbContext once, however many of Web/Scheduler ask for it, and migrates at start.</summary>
    public static IHostApplicationBuilder AddFarmDb(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.ContainsKey(typeof(FarmDbContext)))
            return builder;
        builder.Properties[typeof(FarmDbContext)] = true;

        var provider = builder.Configuration["Database:Provider"] ?? "sqlite";
        if (!provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Database:Provider '{provider}' is not supported by this build; use 'sqlite'.");

        var connectionString = builder.Configuration.GetConnectionString("Farm")
            ?? $"Data Source={Path.Combine(FarmPaths.DataDir(builder.Configuration), "farm.db")}";
        // A generous busy timeout: consumers of several endpoints write at once, and SQLite has one writer.
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            connectionString += ";Default Timeout=30";

        builder.Services.AddDbContext<FarmDbContext>(o => o.UseSqlite(connectionString));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}

/// <summary>Applies migrations before the bus starts (hosted services start in registration order).</summary>
sealed class DatabaseMigrator(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        // WAL lets the pages read while consumers write.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
