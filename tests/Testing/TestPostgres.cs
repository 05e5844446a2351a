using BuildFarm.Data;
using Npgsql;
using Xunit;

namespace BuildFarm.Testing;

/// <summary>The PostgreSQL server scripts/test.sh starts, and which provider this run of a test tier is for.</summary>
public static class TestPostgres
{
    /// <summary>A connection string to the server's "postgres" database as a role that may create databases.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("BUILDFARM_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "BUILDFARM_TEST_POSTGRES is not set: run scripts/test.sh, which starts PostgreSQL 15 and sets it");

    public static bool Available => Environment.GetEnvironmentVariable("BUILDFARM_TEST_POSTGRES") is not null;

    /// <summary>scripts/test.sh runs the Web and Scheduler tiers once per provider, naming it here.</summary>
    public static DatabaseProvider RunProvider =>
        DatabaseProviders.Parse(Environment.GetEnvironmentVariable("BUILDFARM_TEST_DATABASE"));

    /// <summary>Drops a test's database, ending its connections. An autovacuum worker that has just entered it can
    /// refuse to be ended for a moment (42501 without pg_signal_backend, 55006 while it finishes): tried again briefly.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs the PostgreSQL server: skipped outside scripts/test.sh, never skipped inside it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.Available && Environment.GetEnvironmentVariable("BUILDFARM_TEST_REQUIRE_SERVICES") != "1")
            Skip = "needs PostgreSQL: run scripts/test.sh, or set BUILDFARM_TEST_POSTGRES";
    }
}
