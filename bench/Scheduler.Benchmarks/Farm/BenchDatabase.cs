using BuildFarm.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildFarm.Scheduler.Benchmarks.Farm;

/// <summary>An empty database of the benchmark's own, dropped on dispose: a SQLite file in a temp folder, or a
/// database created on the PostgreSQL server the benchmark was pointed at. The scheduler's host migrates it at start,
/// as it would in production.</summary>
sealed class BenchDatabase : IAsyncDisposable
{
    readonly string? _postgresAdmin;
    readonly string? _postgresName;

    BenchDatabase(DatabaseProvider provider, string directory, string? postgresAdmin)
    {
        Provider = provider;
        Directory = directory;
        if (provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = $"Data Source={Path.Combine(directory, "farm.db")}";
            return;
        }
        _postgresAdmin = postgresAdmin;
        _postgresName = $"farm_bench_{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = _postgresName }.ConnectionString;
    }

    public DatabaseProvider Provider { get; }
    /// <summary>Leave the PostgreSQL database behind (named on the console), to EXPLAIN the pass's queries on it.</summary>
    public bool Keep { get; init; }
    public string Directory { get; }
    public string ConnectionString { get; }
    public string Name => Provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Farm:DataDir"] = Directory,
        ["Database:Provider"] = Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
        ["ConnectionStrings:Farm"] = ConnectionString,
        ["Database:ConnectAttempts"] = "1",
    };

    /// <param name="postgresAdmin">A connection string to the server as a role that may create databases.</param>
    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string postgresAdmin, bool keep = false)
    {
        var database = new BenchDatabase(provider, System.IO.Directory.CreateTempSubdirectory("farm-bench-").FullName, postgresAdmin) { Keep = keep };
        if (database._postgresName is not null)
            await database.AdminAsync($"CREATE DATABASE \"{database._postgresName}\"");
        return database;
    }

    async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_postgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        if (_postgresName is null)
            return;
        if (Keep)
        {
            Console.WriteLine($"Kept PostgreSQL database {_postgresName}: drop it with DROP DATABASE \"{_postgresName}\"");
            return;
        }
        NpgsqlConnection.ClearAllPools();
        // FORCE: the scheduler's pool may still hold a connection as its host goes down.
        await AdminAsync($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
    }
}
