using BuildFarm.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BuildFarm.Data;

public static class FarmDatabase
{
    /// <summary>Registers the farm's DbContext once, however many of Web/Scheduler ask for it, on the provider that
    /// Database:Provider names, and prepares the database at start.</summary>
    public static IHostApplicationBuilder AddFarmDb(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.ContainsKey(typeof(FarmDbContext)))
            return builder;
        builder.Properties[typeof(FarmDbContext)] = true;

        var settings = DatabaseSettings.From(builder.Configuration);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.Services.AddDbContext<FarmDbContext, SqliteFarmDbContext>(o => o.UseSqlite(settings.ConnectionString));
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddDbContext<FarmDbContext, PostgresFarmDbContext>(o => o.UseNpgsql(settings.ConnectionString));
                break;
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<DatabaseOutage>();
        // A restarting database must not cost the farm an agent's report: consumers hold it until the database is back.
        builder.BusParts().RetryWhileAway(DatabaseOutage.Is);
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}

/// <summary>Where the farm's database is and how hard start-up tries to reach it.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, int ConnectAttempts, TimeSpan ConnectDelay)
{
    /// <summary>The database as an operator would look for it, never with its password.</summary>
    public string Where
    {
        get
        {
            if (Provider == DatabaseProvider.Sqlite)
                return $"SQLite file {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}";
            var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL at {cs.Host}:{cs.Port}, database {cs.Database ?? "(default)"}, user {cs.Username ?? "(default)"}";
        }
    }

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var provider = DatabaseProviders.Parse(configuration["Database:Provider"]);
        var connectionString = configuration.GetConnectionString("Farm");
        var attempts = configuration.GetValue("Database:ConnectAttempts", 10);
        if (attempts < 1)
            throw new DatabaseStartupException("Database:ConnectAttempts must be 1 or more.");
        var delay = TimeSpan.FromSeconds(configuration.GetValue("Database:ConnectDelaySeconds", 3.0));
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new DatabaseStartupException(
                    "Database:Provider is 'postgres' but ConnectionStrings:Farm is not set: give it as " +
                    "'Host=<host>;Database=buildfarm;Username=<user>;Password=<password>' (environment: ConnectionStrings__Farm).");
            // The farm keeps no session state (no temp tables, no SET, no prepared statements of its own), so the
            // DISCARD ALL that Npgsql sends each time a pooled connection is reused only costs a round trip per
            // statement: most of what separated a placement pass on PostgreSQL from one on SQLite. A site that sets
            // it keeps its own value.
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!builder.ContainsKey("No Reset On Close"))
                builder.NoResetOnClose = true;
            return new(provider, builder.ConnectionString, attempts, delay);
        }
        connectionString ??= $"Data Source={Path.Combine(FarmPaths.DataDir(configuration), "farm.db")}";
        // A generous busy timeout: consumers of several endpoints write at once, and SQLite has one writer.
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            connectionString += ";Default Timeout=30";
        return new(provider, connectionString, attempts, delay);
    }
}
