using System.Diagnostics;
using System.Runtime.InteropServices;
using BuildFarm.Data;
using BuildFarm.Scheduler.Benchmarks;
using BuildFarm.Scheduler.Benchmarks.Farm;
using BuildFarm.Scheduler.Benchmarks.Measuring;
using BuildFarm.Scheduler.Benchmarks.Workload;
using Microsoft.EntityFrameworkCore;

// The scheduler's placement pass on SQLite and on PostgreSQL, side by side in one run (issue 8): exit 1 when
// PostgreSQL's median is more than 1.5x SQLite's in either case (not with --quick, whose few passes are a smoke
// test), 2 when the two sides did not do the same work.
var options = BenchOptions.Parse(args);
var total = Stopwatch.StartNew();
var workload = new FarmWorkload(BenchOptions.Agents, BenchOptions.Repositories, BenchOptions.QueuedBuilds, BenchOptions.HistoryCommits);

await using var sqlite = await BenchFarm.StartAsync(await BenchDatabase.CreateAsync(DatabaseProvider.Sqlite, options.Postgres), options.ByStatement);
await using var postgres = await BenchFarm.StartAsync(await BenchDatabase.CreateAsync(DatabaseProvider.Postgres, options.Postgres, options.KeepPostgres), options.ByStatement);
foreach (var farm in new[] { sqlite, postgres })
    await FarmSeed.StoreAsync(farm, workload, options.KeysPerAgent);
Console.WriteLine($"Seeded both databases in {total.Elapsed.TotalSeconds:0.0} s: {BenchOptions.Agents} agents (capacity 2, "
    + $"{options.KeysPerAgent} cache keys each), {workload.Repositories.Count * workload.HistoryCommits} finished builds, "
    + $"{BenchOptions.QueuedBuilds} queued; SQLite {await VersionAsync(sqlite, $"SELECT sqlite_version() AS \"Value\"")}, "
    + $"PostgreSQL {await VersionAsync(postgres, $"SELECT current_setting('server_version') AS \"Value\"")}; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, "
    + $"{RuntimeInformation.OSDescription}; load average {LoadAverage()}");

var comparison = new Comparison(sqlite, postgres, workload);
CaseResult[] results =
[
    await comparison.SteadyAsync("steady: 20 agents full, 100 queued, nothing placed", options.SteadyWarmup, options.SteadyPasses),
    await comparison.PlacingAsync("placing: slots freed on 13 of 20 agents, 100 queued", options.PlacingWarmup, options.PlacingPasses),
];
Console.WriteLine();
Console.WriteLine(Report.Table(results));
if (options.ByStatement)
    Console.WriteLine(Report.ByStatement(results));
Console.WriteLine($"Whole run: {total.Elapsed.TotalSeconds:0} s; load average {LoadAverage()} at the end.");
foreach (var problem in comparison.Problems.Distinct())
    Console.WriteLine($"PROBLEM {problem}");
foreach (var missed in results.Where(r => !r.Met))
    Console.WriteLine($"MISSED {missed.Case}: PostgreSQL's median is {missed.MedianRatio:0.00}x SQLite's (target <= {CaseResult.Target}x)");
return comparison.Problems.Count > 0 ? 2 : results.All(r => r.Met) || options.Quick ? 0 : 1;

static Task<string> VersionAsync(BenchFarm farm, FormattableString sql) =>
    farm.WithDbAsync(db => db.Database.SqlQuery<string>(sql).SingleAsync());

// The machine is shared: what else ran says how far to trust the numbers.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
