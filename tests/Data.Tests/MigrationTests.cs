using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Data.Tests;

public class MigrationTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("farm-migrations-").FullName;

    FarmDbContext NewContext() => new(new DbContextOptionsBuilder<FarmDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_dir, "farm.db")}").Options);

    [Fact]
    public void Should_have_no_model_changes_missing_from_the_hand_written_migrations()
    {
        using var db = NewContext();
        // Name the differences, so a failure says which column or index the migration forgot.
        var differ = db.GetService<IMigrationsModelDiffer>();
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var finalized = db.GetService<IModelRuntimeInitializer>().Initialize((IModel)snapshot);
        var differences = differ.GetDifferences(
            finalized.GetRelationalModel(),
            db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        Assert.Empty(differences.Select(d => d.GetType().Name + " " + Describe(d)));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Should_create_a_working_schema_from_an_empty_database()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        db.Builds.Add(new Build { Id = Guid.NewGuid(), Repository = "r", Ref = "main", QueuedAt = DateTimeOffset.UtcNow, Tags = ["x:1"] });
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.Builds.CountAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    static string Describe(MigrationOperation op) => op switch
    {
        ColumnOperation c => $"{c.Table}.{c.Name}",
        TableOperation t => t.Name,
        CreateIndexOperation i => $"{i.Table}.{i.Name}",
        AddForeignKeyOperation f => $"{f.Table}.{f.Name}",
        _ => op.ToString() ?? "",
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
