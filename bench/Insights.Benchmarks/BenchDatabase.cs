using BuildFarm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildFarm.Insights.Benchmarks;

/// <summary>A migrated database of the benchmark's own, dropped on dispose: a SQLite file in a temp folder, or a
/// database on the PostgreSQL server the benchmark was pointed at.</summary>
sealed class BenchDatabase : IAsyncDisposable
{
    readonly string? _directory;
    readonly string? _postgresAdmin;
    readonly string? _postgresName;
    readonly ServiceProvider _services;

    BenchDatabase(DatabaseProvider provider, string postgresAdmin)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            _directory = Directory.CreateTempSubdirectory("farm-insights-bench-").FullName;
            ConnectionString = $"Data Source={Path.Combine(_directory, "farm.db")}";
        }
        else
        {
            _postgresAdmin = postgresAdmin;
            _postgresName = $"farm_insights_bench_{Guid.NewGuid():N}";
            ConnectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = _postgresName }.ConnectionString;
        }
        // The connection as the farm's hosts make it (PostgreSQL's session options and prepared statements, SQLite's
        // busy timeout), not the bare string.
        var settings = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
            ["ConnectionStrings:Farm"] = ConnectionString,
        }).Build());
        var services = new ServiceCollection().AddFarmDbContext(provider, settings.ConnectionString);
        if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
        {
            services.ConfigureDbContext<SqliteFarmDbContext>(o => o.LogTo(Console.WriteLine, [RelationalEventId.CommandExecuted]));
            services.ConfigureDbContext<PostgresFarmDbContext>(o => o.LogTo(Console.WriteLine, [RelationalEventId.CommandExecuted]));
        }
        _services = services.BuildServiceProvider();
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Name => Provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string postgresAdmin, bool keep)
    {
        var database = new BenchDatabase(provider, postgresAdmin) { Keep = keep };
        if (database._postgresName is not null)
            await database.AdminAsync($"CREATE DATABASE \"{database._postgresName}\"");
        await database.WithDbAsync(db => db.Database.MigrateAsync());
        return database;
    }

    public async Task<T> WithDbAsync<T>(Func<FarmDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    public Task WithDbAsync(Func<FarmDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_postgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Leave the databases behind (named on the console), to EXPLAIN the queries on them.</summary>
    public bool Keep { get; init; }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Keep)
        {
            Console.WriteLine($"Kept {Name} database: {ConnectionString}");
            return;
        }
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
        }
    }
}
