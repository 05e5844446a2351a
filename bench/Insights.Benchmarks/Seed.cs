using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Insights.Benchmarks;

/// <summary>Stores <see cref="History"/> in a database, the bulk of it through <see cref="BulkLoad"/>.</summary>
static class Seed
{
    /// <returns>A build from the middle of the history, whose page the benchmark loads.</returns>
    public static async Task<Guid> StoreAsync(BenchDatabase database, int count, int days)
    {
        await database.WithDbAsync(db =>
        {
            db.Agents.AddRange(Enumerable.Range(0, History.Agents).Select(a => new Data.Agent
            {
                Id = History.Agent(a), Name = History.Agent(a), Capacity = 2, Os = "linux", Arch = "amd64",
                RegisteredAt = History.Now.AddDays(-days), LastHeartbeatAt = History.Now,
            }));
            return db.SaveChangesAsync();
        });
        var builds = History.Builds(count, days).ToList();
        var steps = builds.SelectMany(b => b.Steps.Select(s => (b, s)));
        var events = builds.SelectMany(b => Enumerable.Range(0, 3).Select(e => (b, e)));
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            BulkLoad.Sqlite(database.ConnectionString, "builds", Tables.Builds, builds);
            BulkLoad.Sqlite(database.ConnectionString, "build_steps", Tables.Steps, steps);
            BulkLoad.Sqlite(database.ConnectionString, "build_bases", Tables.Bases, builds);
            BulkLoad.Sqlite(database.ConnectionString, "build_attempts", Tables.Attempts, builds);
            BulkLoad.Sqlite(database.ConnectionString, "build_events", Tables.Events, events);
        }
        else
        {
            await BulkLoad.PostgresAsync(database.ConnectionString, "builds", Tables.Builds, builds);
            await BulkLoad.PostgresAsync(database.ConnectionString, "build_steps", Tables.Steps, steps);
            await BulkLoad.PostgresAsync(database.ConnectionString, "build_bases", Tables.Bases, builds);
            await BulkLoad.PostgresAsync(database.ConnectionString, "build_attempts", Tables.Attempts, builds);
            await BulkLoad.PostgresAsync(database.ConnectionString, "build_events", Tables.Events, events);
            // What autovacuum would have done long before a farm held this much history.
            await database.WithDbAsync(db =>
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                return db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
            });
        }
        return builds[builds.Count / 2].Id;
    }
}
