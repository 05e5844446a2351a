using BuildFarm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildFarm.Testing;

/// <summary>
/// A fresh, migrated farm database of its own for one test or fixture, dropped on dispose: a SQLite file in a temp
/// folder, or a database of its own on the PostgreSQL server that scripts/test.sh starts.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly string? _dir;
    readonly string? _postgresName;
    readonly ServiceProvider _services;

    TestDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            _dir = Directory.CreateTempSubdirectory("farm-db-").FullName;
            ConnectionString = $"Data Source={Path.Combine(_dir, "farm.db")}";
        }
        else
        {
            _postgresName = $"farm_test_{Guid.NewGuid():N}";
            ConnectionString = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = _postgresName }.ConnectionString;
        }
        _services = AddTo(new ServiceCollection()).BuildServiceProvider();
    }

    /// <summary>Registers the farm's DbContext on this database, as AddFarmDb would for a host.</summary>
    public IServiceCollection AddTo(IServiceCollection services) => services.AddFarmDbContext(Provider, ConnectionString);

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The configuration that points a host at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
        ["ConnectionStrings:Farm"] = ConnectionString,
    };

    /// <summary>A migrated database on the provider this test run is for (<see cref="TestPostgres.RunProvider"/>).</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(TestPostgres.RunProvider);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        var database = new TestDatabase(provider);
        if (database._postgresName is not null)
            await TestPostgres.ExecuteAsync($"CREATE DATABASE \"{database._postgresName}\"");
        if (migrate)
            await database.WithDbAsync(db => db.Database.MigrateAsync());
        return database;
    }

    public async Task<T> WithDbAsync<T>(Func<FarmDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    public Task WithDbAsync(Func<FarmDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_dir is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            // FORCE: a host under test may still hold a pooled connection when it is torn down.
            await TestPostgres.DropDatabaseAsync(_postgresName);
        }
    }
}
