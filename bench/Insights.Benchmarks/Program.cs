using System.Diagnostics;
using System.Runtime.InteropServices;
using BuildFarm.Data;
using BuildFarm.Insights.Benchmarks;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Features.Insights;
using Microsoft.EntityFrameworkCore;

// The insights page's queries and a build page's queries on a large history, SQLite and PostgreSQL in one run
// (issue 10: < 300 ms server time each). Exit 1 when a median misses the target.
var options = BenchOptions.Parse(args);
Console.WriteLine($"Seeding {options.Builds:N0} builds ({options.Builds * History.StepsPerBuild:N0} steps) over {options.Days} days; "
    + $"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
var results = new List<Timing>();
foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
{
    await using var database = await BenchDatabase.CreateAsync(provider, options.Postgres, options.Keep);
    var seeding = Stopwatch.StartNew();
    var sample = await Seed.StoreAsync(database, options.Builds, options.Days);
    Console.WriteLine($"{database.Name}: seeded in {seeding.Elapsed.TotalSeconds:0} s");

    var page = new InsightsFilter(History.Now.AddDays(-30), History.Now, Bucket.Day);
    var cases = new (string Name, Func<FarmDbContext, Task> Run)[]
    {
        ("insights: series (30 days, by day)", db => db.SeriesAsync(page)),
        ("insights: miss causes", db => db.CausesAsync(page)),
        ("insights: slowest steps", db => db.SlowestStepsAsync(page)),
        ("insights: agents", db => db.AgentsAsync(page)),
        ("insights: filter choices", db => FilterOptions.LoadAsync(db, page, CancellationToken.None)),
        ("insights: whole page (choices, then the four at once as the page reads them)", async _ =>
        {
            await database.WithDbAsync(db => FilterOptions.LoadAsync(db, page, CancellationToken.None));
            await Task.WhenAll(
                Task.Run(() => database.WithDbAsync(db => db.SeriesAsync(page))),
                Task.Run(() => database.WithDbAsync(db => db.CausesAsync(page))),
                Task.Run(() => database.WithDbAsync(db => db.SlowestStepsAsync(page))),
                Task.Run(() => database.WithDbAsync(db => db.AgentsAsync(page))));
        }),
        ("insights: series (24 h, by hour)", db => db.SeriesAsync(new InsightsFilter(History.Now.AddHours(-24), History.Now, Bucket.Hour))),
        ("build page: details and steps", db => db.DetailsAsync(sample)),
        ("build page: one attempt's steps", db => db.StepsAsync(sample, 1, CancellationToken.None)),
    };
    foreach (var (name, run) in cases)
        results.Add(await Timing.MeasureAsync(database, name, run, options.Warmup, options.Runs));
}

Console.WriteLine();
Console.WriteLine(Timing.Table(results));
Console.WriteLine($"load average {LoadAverage()} at the end");
var missed = results.Where(r => r.Median > Timing.Target).ToList();
foreach (var m in missed)
    Console.WriteLine($"MISSED {m.Database} {m.Case}: median {m.Median.TotalMilliseconds:0} ms (target < {Timing.Target.TotalMilliseconds:0} ms)");
return missed.Count == 0 ? 0 : 1;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
