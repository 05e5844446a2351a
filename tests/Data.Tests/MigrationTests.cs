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

    [Fact]
    public async Task Should_keep_the_steps_of_existing_builds_and_name_their_agent_when_steps_gain_attempts()
    {
        await using var db = NewContext();
        await db.GetService<IMigrator>().MigrateAsync("20261123190000_CacheInventory");
        var id = Guid.NewGuid();
        await InsertAsync(db, "builds", new() { ["Id"] = id.ToString().ToUpperInvariant(), ["AgentId"] = "gpu-1", ["Attempt"] = 2, ["Status"] = "succeeded" });
        await InsertAsync(db, "build_steps", new() { ["BuildId"] = id.ToString().ToUpperInvariant(), ["Index"] = 3, ["Attempt"] = 2, ["Instruction"] = "RUN make" });

        await db.Database.MigrateAsync();

        var step = await db.BuildSteps.SingleAsync(s => s.BuildId == id);
        Assert.Equal((2, 3, "gpu-1", "RUN make"), (step.Attempt, step.Index, step.AgentId, step.Instruction));
    }

    /// <summary>A row in the schema of an older migration: the named values, and a zero or empty string for every other
    /// required column.</summary>
    static async Task InsertAsync(FarmDbContext db, string table, Dictionary<string, object> values)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name, type FROM pragma_table_info('{table}') WHERE \"notnull\" = 1 AND dflt_value IS NULL";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                values.TryAdd(reader.GetString(0), reader.GetString(1) == "TEXT" ? "" : 0);
        }
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}) " +
                             $"VALUES ({string.Join(", ", values.Keys.Select((_, i) => $"$p{i}"))})";
        foreach (var (value, i) in values.Values.Select((v, i) => (v, i)))
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"$p{i}";
            parameter.Value = value;
            insert.Parameters.Add(parameter);
        }
        await insert.ExecuteNonQueryAsync();
        await connection.CloseAsync();
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
