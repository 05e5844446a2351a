using BuildFarm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Testing;

/// <summary>A fresh, migrated farm database of its own for one test or fixture, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("farm-db-").FullName;
    readonly ServiceProvider _services;

    TestDatabase()
    {
        var services = new ServiceCollection();
        services.AddDbContext<FarmDbContext>(o => o.UseSqlite(ConnectionString));
        _services = services.BuildServiceProvider();
    }

    public string ConnectionString => $"Data Source={Path.Combine(_dir, "farm.db")}";

    /// <summary>The configuration that points a host at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "sqlite",
        ["ConnectionStrings:Farm"] = ConnectionString,
    };

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
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
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
