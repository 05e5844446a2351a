using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data;

/// <summary>
/// Farms before the data project kept SQLite migrations written by hand (EF's design tools did not restore then).
/// Their four steps built exactly the schema of the generated <c>InitialCreate</c> that replaced them, so a database
/// that went through all four is recorded as having had <c>InitialCreate</c>, and migrates on from there with its
/// builds and agents.
/// </summary>
static class LegacySqliteHistory
{
    static readonly string[] HandWritten =
    [
        "20261123160000_InitialCreate",
        "20261123180000_CachePlacement",
        "20261123183000_BuildChecks",
        "20261123190000_CacheInventory",
    ];

    public static async Task AdoptAsync(FarmDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var legacy = HandWritten.Where(applied.Contains).ToList();
        if (legacy.Count == 0)
            return;
        var baseline = db.Database.GetMigrations().First();
        if (applied.Contains(baseline))
            return;
        if (legacy.Count != HandWritten.Length)
            throw new DatabaseStartupException(
                $"This SQLite database stopped at migration {legacy[^1]}, which this version cannot continue from: " +
                "start the farm's previous version on it once to finish its migrations, or start on a new database.");
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({baseline}, {ProductVersion})""", ct);
    }

    // EF writes its own informational version without the "+commit" suffix; so does this row.
    static string ProductVersion =>
        (typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "10.0.0")
        .Split('+')[0];
}
