using System.Reflection;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class PlacementQueueTests
{
    /// <summary>A queued build with a value other than the default in every stored column.</summary>
    static Build Filled()
    {
        var build = new Build { Id = Guid.NewGuid(), Status = BuildStatus.Queued };
        var n = 0;
        foreach (var property in typeof(Build).GetProperties().Where(p => p.CanWrite && p.Name is not nameof(Build.Id) and not nameof(Build.Status)))
        {
            n++;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? value = type == typeof(string) ? $"{property.Name}-{n}"
                : type == typeof(int) ? n
                : type == typeof(long) ? 1000L + n
                : type == typeof(double) ? n + 0.5
                : type == typeof(bool) ? true
                : type == typeof(DateTimeOffset) ? DateTimeOffset.Parse("2026-11-23T10:00:00Z").AddMinutes(n)
                : type == typeof(Dictionary<string, string>) ? new Dictionary<string, string> { [property.Name] = $"{n}" }
                : type == typeof(List<string>) ? new List<string> { $"{property.Name}-{n}" }
                : null;
            if (value is not null)
                property.SetValue(build, value);
        }
        return build;
    }

    [Fact]
    public async Task Should_read_every_stored_column_of_a_queued_build_but_its_candidates()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var stored = Filled();
        await farm.WithDbAsync(db => { db.Builds.Add(stored); return db.SaveChangesAsync(); });

        var (read, columns) = await farm.WithDbAsync(async db =>
        {
            var queue = await PlacementQueue.ReadAsync(db, CancellationToken.None);
            var columns = db.Model.FindEntityType(typeof(Build))!.GetProperties().Select(p => p.PropertyInfo).OfType<PropertyInfo>().ToList();
            return (queue.Single(), columns);
        });

        Assert.Null(read.CandidatesJson);
        foreach (var column in columns.Where(c => c.Name != nameof(Build.CandidatesJson)))
            Assert.True(Equivalent(column.GetValue(stored), column.GetValue(read)), $"{column.Name} was not read: add it to PlacementQueue");
    }

    [Fact]
    public async Task Should_save_what_the_pass_changes_and_leave_the_stored_candidates_it_did_not_read()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        var stored = Filled();
        await farm.WithDbAsync(db => { db.Builds.Add(stored); return db.SaveChangesAsync(); });

        await farm.WithDbAsync(async db =>
        {
            var build = (await PlacementQueue.ReadAsync(db, CancellationToken.None)).Single();
            build.WaitingReason = "every agent is busy";
            return await db.SaveChangesAsync();
        });

        var after = await farm.BuildAsync(stored.Id);
        Assert.Equal("every agent is busy", after.WaitingReason);
        Assert.Equal(stored.CandidatesJson, after.CandidatesJson);
        Assert.Equal(stored.PlanJson, after.PlanJson);
    }

    static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, string> x, Dictionary<string, string> y) => x.Count == y.Count && x.All(kv => y.GetValueOrDefault(kv.Key) == kv.Value),
        (List<string> x, List<string> y) => x.SequenceEqual(y),
        (DateTimeOffset x, DateTimeOffset y) => x.UtcTicks / 10 == y.UtcTicks / 10,
        _ => Equals(a, b),
    };
}
