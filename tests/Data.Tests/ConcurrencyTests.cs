using BuildFarm.Shared.Builds;
using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data.Tests;

/// <summary>A build's status is its concurrency token: a late event must not move a build another consumer has just
/// finished. SQLite serialises writers, so only a real second writer on PostgreSQL shows the check holds.</summary>
public class ConcurrencyTests
{
    [Fact]
    public Task Should_refuse_the_second_of_two_writers_that_read_the_same_status_on_sqlite() =>
        SecondWriterLosesAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Should_refuse_the_second_of_two_writers_that_read_the_same_status_on_postgres() =>
        SecondWriterLosesAsync(DatabaseProvider.Postgres);

    static async Task SecondWriterLosesAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = Guid.NewGuid();
        await database.WithDbAsync(db =>
        {
            db.Builds.Add(new Build { Id = id, Repository = "r", Ref = "main", Status = BuildStatus.Running, QueuedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        var error = await database.WithDbAsync(async finisher => await database.WithDbAsync(async late =>
        {
            var finished = await finisher.Builds.SingleAsync(b => b.Id == id);
            var stale = await late.Builds.SingleAsync(b => b.Id == id);
            finished.Status = BuildStatus.Succeeded;
            await finisher.SaveChangesAsync();
            stale.Status = BuildStatus.Failed;
            return await Record.ExceptionAsync(() => late.SaveChangesAsync());
        }));

        Assert.IsType<DbUpdateConcurrencyException>(error);
        Assert.Equal(BuildStatus.Succeeded, await database.WithDbAsync(db => db.Builds.Where(b => b.Id == id).Select(b => b.Status).SingleAsync()));
    }
}
