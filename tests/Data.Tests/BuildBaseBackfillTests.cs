using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BuildFarm.Data.Tests;

/// <summary>The migration that adds build_bases fills it for builds planned before it, where the plan says for sure.</summary>
public class BuildBaseBackfillTests
{
    const string Single = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const string Shared = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    const string PlatformOnly = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    [Fact]
    public Task Should_backfill_the_bases_of_earlier_builds_on_sqlite() => AssertBackfillAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Should_backfill_the_bases_of_earlier_builds_on_postgres() => AssertBackfillAsync(DatabaseProvider.Postgres);

    static async Task AssertBackfillAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var (single, shared, multiPlatform, unplanned) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await database.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_BaseWatchAndAlerts", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            db.ImageDigests.AddRange(
                Seen("localhost:5000/demo/cuda:12.1-runtime", Single),
                // One digest under two tags: which one the build named cannot be told from its plan.
                Seen("localhost:5000/ml/base:1", Shared), Seen("localhost:5000/ml/base:latest", Shared),
                // A multi-platform tag: the history keeps the index digest, the plan the platform one.
                Seen("docker.io/pytorch/pytorch:2.9", "sha256:4444444444444444444444444444444444444444444444444444444444444444"));
            await db.SaveChangesAsync();
            // In SQL, not through the entity: the model has columns (SavedMs…) that later migrations add.
            await InsertBuildAsync(db, provider, single, Plan(Single));
            await InsertBuildAsync(db, provider, shared, Plan(Shared));
            await InsertBuildAsync(db, provider, multiPlatform, Plan(PlatformOnly));
            await InsertBuildAsync(db, provider, unplanned, plan: null);
        });

        await database.WithDbAsync(db => db.Database.MigrateAsync());

        var rows = await database.WithDbAsync(db => db.BuildBases.AsNoTracking().ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal((single, "localhost:5000/demo/cuda:12.1-runtime", Single), (row.BuildId, row.Reference, row.Digest));
    }

    static ImageDigest Seen(string reference, string digest) =>
        new() { Reference = reference, Digest = digest, FirstSeenAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow };

    // The shape BuildPlan serializes to: a FROM step carries its base's platform digest, later steps null.
    static string Plan(string baseDigest) =>
        $$"""{"steps":[{"key":"k0","parent":-1,"kind":1,"keyword":"FROM","instruction":"FROM x","baseDigest":"{{baseDigest}}"},{"key":"k1","parent":0,"kind":0,"keyword":"RUN","instruction":"RUN true","baseDigest":null}]}""";

    static Task<int> InsertBuildAsync(FarmDbContext db, DatabaseProvider provider, Guid id, string? plan)
    {
        // EF keeps a Guid as upper-case text on SQLite and as uuid on PostgreSQL.
        object key = provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
        var queued = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return db.Database.ExecuteSqlInterpolatedAsync($$"""
            INSERT INTO builds ("Id", "Status", "Repository", "Ref", "DockerfilePath", "ContextPath", "BuildArgs", "Tags",
                "NoCache", "Pull", "Attempt", "QueuedAt", "StepsCached", "StepsTotal", "Dispatched", "CancelRequested",
                "LogBytes", "LogCut", "Release", "PlanJson")
            VALUES ({{key}}, 'queued', 'https://git.example.com/trainer.git', 'main', 'Dockerfile', '.', '{}', '[]',
                {{false}}, {{false}}, {{0}}, {{queued}}, {{0}}, {{0}}, {{false}}, {{false}}, {{0L}}, {{false}}, {{false}}, {{plan}})
            """);
    }
}
