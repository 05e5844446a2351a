using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace BuildFarm.Data.Tests;

public class MigrationTests
{
    static SqliteFarmDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteFarmDbContext>().UseSqlite("Data Source=:memory:").Options);

    // Never opened: the model and the migrations are compared without a server.
    static PostgresFarmDbContext Postgres() =>
        new(new DbContextOptionsBuilder<PostgresFarmDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

    [Fact]
    public void Should_have_no_model_changes_missing_from_the_sqlite_migrations()
    {
        using var db = Sqlite();
        AssertNoPendingChanges(db);
    }

    [Fact]
    public void Should_have_no_model_changes_missing_from_the_postgres_migrations()
    {
        using var db = Postgres();
        AssertNoPendingChanges(db);
    }

    [Fact]
    public async Task Should_create_a_working_schema_from_an_empty_sqlite_database()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AssertWorkingSchemaAsync(database);
    }

    [PostgresFact]
    public async Task Should_create_a_working_schema_from_an_empty_postgres_database()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await AssertWorkingSchemaAsync(database);
    }

    static async Task AssertWorkingSchemaAsync(TestDatabase database)
    {
        var id = Guid.NewGuid();
        await database.WithDbAsync(async db =>
        {
            db.Builds.Add(new Build { Id = id, Repository = "r", Ref = "main", QueuedAt = DateTimeOffset.UtcNow, Tags = ["x:1"] });
            await db.SaveChangesAsync();
        });
        await database.WithDbAsync(async db =>
        {
            Assert.Equal(["x:1"], (await db.Builds.SingleAsync(b => b.Id == id)).Tags);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        });
    }

    static void AssertNoPendingChanges(FarmDbContext db)
    {
        // Name the differences, so a failure says which column or index needs `dotnet ef migrations add`.
        var differ = db.GetService<IMigrationsModelDiffer>();
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var finalized = db.GetService<IModelRuntimeInitializer>().Initialize((IModel)snapshot);
        var differences = differ.GetDifferences(
            finalized.GetRelationalModel(),
            db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        Assert.Empty(differences.Select(d => d.GetType().Name + " " + Describe(d)));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    static string Describe(MigrationOperation op) => op switch
    {
        ColumnOperation c => $"{c.Table}.{c.Name}",
        TableOperation t => t.Name,
        CreateIndexOperation i => $"{i.Table}.{i.Name}",
        AddForeignKeyOperation f => $"{f.Table}.{f.Name}",
        _ => op.ToString() ?? "",
    };
}
