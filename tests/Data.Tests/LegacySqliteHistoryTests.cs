using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data.Tests;

/// <summary>
/// Fixtures/farm-2026-11.db was made by the farm as it was before the data project (its four hand-written SQLite
/// migrations), holding three builds (succeeded, failed, queued), an agent with GPUs, two cache keys and a tag digest.
/// </summary>
public sealed class LegacySqliteHistoryTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("farm-legacy-").FullName;

    string CopyFixture()
    {
        var path = Path.Combine(_dir, "farm.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "farm-2026-11.db"), path);
        return path;
    }

    static Dictionary<string, string?> Sqlite(string path) => new()
    {
        ["Database:Provider"] = "sqlite",
        ["ConnectionStrings:Farm"] = $"Data Source={path}",
    };

    [Fact]
    public async Task Should_open_a_database_made_before_the_data_project_and_keep_its_builds_and_agents()
    {
        var path = CopyFixture();
        using var host = FarmHost.Build(Sqlite(path));

        await host.StartAsync();

        var builds = await host.WithDbAsync(db => db.Builds.AsNoTracking().Include(b => b.Steps).OrderBy(b => b.QueuedAt).ToListAsync());
        Assert.Equal(["succeeded", "failed", "queued"], builds.Select(b => b.Status));
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", builds[0].Commit);
        Assert.Equal(new Dictionary<string, string> { ["PY"] = "3.11" }, builds[0].BuildArgs);
        Assert.All(builds, b => Assert.Empty(b.RequiredLabels));
        Assert.Equal(["FROM localhost:5000/demo/cuda:12.1-runtime", "RUN pip install -r requirements.txt"],
            builds[0].Steps.OrderBy(s => s.Index).Select(s => s.Instruction));
        // Steps from before attempts were kept are the build's latest attempt, on the build's agent.
        Assert.All(builds[0].Steps.Concat(builds[1].Steps), s => Assert.Equal(("agent-gpu-1", s.Attempt), (s.AgentId, builds.Single(b => b.Id == s.BuildId).Attempt)));
        var agent = await host.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync());
        Assert.Equal(("gpu-1", "535.104.05", "NVIDIA A100-SXM4-80GB"), (agent.Name, agent.DriverVersion, agent.Gpus.Single().Name));
        Assert.Equal(2, await host.WithDbAsync(db => db.AgentCacheKeys.CountAsync()));
        Assert.Empty(await host.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_leave_an_upgraded_database_with_the_schema_of_a_new_one()
    {
        var upgraded = CopyFixture();
        var fresh = Path.Combine(_dir, "fresh.db");
        foreach (var path in new[] { upgraded, fresh })
        {
            using var host = FarmHost.Build(Sqlite(path));
            await host.StartAsync();
            await host.StopAsync();
        }

        Assert.Equal(Schema(fresh), Schema(upgraded));
    }

    [Fact]
    public async Task Should_refuse_a_database_that_stopped_between_the_hand_written_migrations()
    {
        var path = CopyFixture();
        Execute(path, "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20261123190000_CacheInventory'");
        using var host = FarmHost.Build(Sqlite(path));

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => host.StartAsync());

        Assert.Contains("stopped at migration 20261123183000_BuildChecks", error.Message);
    }

    /// <summary>Every table's columns (name, type, null, key) and every index (name, unique, columns), in order.</summary>
    static List<string> Schema(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var rows = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name || '.' || c.name || ' ' || c.type || ' ' || c."notnull" || ' ' || c.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__EFMigrationsHistory'
            UNION ALL
            SELECT m.name || ' index ' || i.name || ' ' || i."unique" || ' ' ||
                   (SELECT group_concat(ii.name, ',') FROM pragma_index_info(i.name) ii)
            FROM sqlite_master m JOIN pragma_index_list(m.name) i
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            ORDER BY 1
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        return rows;
    }

    static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
