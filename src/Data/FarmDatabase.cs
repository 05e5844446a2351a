using BuildFarm.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Data.Common;
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
        builder.Services.AddFarmDbContext(settings.Provider, settings.ConnectionString);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<DatabaseOutage>();
        // A restarting database must not cost the farm an agent's report: consumers hold it until the database is back.
        builder.BusParts().RetryWhileAway(DatabaseOutage.Is);
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    /// <summary>Registers <see cref="FarmDbContext"/> on one provider, configured as every host (and test) uses it.</summary>
    public static IServiceCollection AddFarmDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Postgres => services.AddDbContext<FarmDbContext, PostgresFarmDbContext>(o => o.UseNpgsql(connectionString)),
            _ => services.AddDbContext<FarmDbContext, SqliteFarmDbContext>(o => o.UseSqlite(connectionString)),
        };
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
            var given = GivenKeywords(connectionString);
            if (!given.Contains("noresetonclose"))
                builder.NoResetOnClose = true;
            // PostgreSQL's default random_page_cost (4) prices a random read as a spinning disk's. The farm's tables
            // are small enough to stay in memory, and at that price the planner scanned the whole cache inventory
            // (5.5 ms) to find the placement pass's few hundred keys, where the (Key, AgentId) index answers in 0.8 ms.
            // 1.1 is PostgreSQL's own advice for SSD and cached data. A site that passes Options keeps its own; one
            // behind PgBouncer (which refuses the options start-up parameter) sets Database:SessionOptions empty.
            // The placement pass saves its decisions as a hundred UPDATEs of a few shapes; prepared once per
            // connection, each skips its parse and plan: the pass's write went from 17 to 9 ms
            // (bench/Scheduler.Benchmarks). A site behind a pooler without prepared-statement support sets 0.
            if (!given.Contains("maxautoprepare"))
                builder.MaxAutoPrepare = 32;
            // Npgsql closes connections its pool has not needed for five minutes, and opens them again when it does:
            // under load, when the database is busiest, an opening (a backend forked, the password checked, the
            // prepared statements made again) took 0.1-0.7 s, and a page waiting on it took as long (the load bench,
            // issue 11). The farm keeps a floor of open connections instead, filled at start (DatabaseMigrator), as
            // HikariCP's minimumIdle does: 8 for each of Web and the scheduler, a few PostgreSQL backends.
            if (!given.Contains("minimumpoolsize") && !given.Contains("minpoolsize"))
                builder.MinPoolSize = Math.Min(KeptConnections, builder.MaxPoolSize);
            var sessionOptions = configuration["Database:SessionOptions"] ?? "-c random_page_cost=1.1";
            if (!given.Contains("options") && sessionOptions.Length > 0)
                builder.Options = sessionOptions;
            return new(provider, builder.ConnectionString, attempts, delay);
        }
        connectionString ??= $"Data Source={Path.Combine(FarmPaths.DataDir(configuration), "farm.db")}";
        // A generous busy timeout: consumers of several endpoints write at once, and SQLite has one writer.
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            connectionString += ";Default Timeout=30";
        return new(provider, connectionString, attempts, delay);
    }

    /// <summary>Connections each farm process keeps open to PostgreSQL unless its connection string says otherwise
    /// ("Minimum Pool Size").</summary>
    public const int KeptConnections = 8;

    /// <summary>The keywords a connection string really gives, lower case without spaces ("No Reset On Close" and
    /// "NoResetOnClose" alike). Npgsql's own builder says it contains every keyword it knows, given or not.</summary>
    static HashSet<string> GivenKeywords(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
}
