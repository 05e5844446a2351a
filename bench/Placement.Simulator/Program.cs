using System.Diagnostics;
using System.Globalization;
using BuildFarm.Placement.Simulator.Policies;
using BuildFarm.Placement.Simulator.Report;
using BuildFarm.Placement.Simulator.Simulation;
using BuildFarm.Placement.Simulator.Workload;
using BuildFarm.Shared.Placement;

// Usage: Placement.Simulator [--quick] [--seed N] [--hours H] [--repositories N] [--max-queued N] [--hold-margin S] [--other-seeds N] [--regret]
// Exit 0 when every target holds on the main seed (or with --quick, a smoke run that does not judge), 1 when one is
// missed, 2 on bad arguments. --other-seeds N also runs seeds 1..N and prints their ratios, which are not judged;
// --regret measures the farm's decisions against the truth of each moment (RegretProbe).
var quick = args.Contains("--quick");
var regret = args.Contains("--regret");
var settings = quick ? WorkloadSettings.Quick : new WorkloadSettings();
var options = new PlacementOptions { PullBytesPerSecond = settings.PullBytesPerSecond };
var otherSeeds = 0;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n >= 0 ? n : -1;
    switch (args[i])
    {
        case "--quick" or "--regret":
            continue;
        case "--seed" when value >= 0:
            settings = settings with { Seed = value };
            break;
        case "--hours" when value > 0:
            settings = settings with { Hours = value };
            break;
        case "--repositories" when value > 0:
            settings = settings with { Repositories = value };
            break;
        case "--max-queued" when value >= 0:
            options = options with { MaxQueuedPerAgent = value };
            break;
        case "--hold-margin" when value >= 0:
            options = options with { HoldMarginSeconds = value };
            break;
        case "--other-seeds" when value > 0:
            otherSeeds = value;
            break;
        default:
            Console.Error.WriteLine("usage: Placement.Simulator [--quick] [--seed N] [--hours H] [--repositories N] [--max-queued N] [--hold-margin S] [--other-seeds N] [--regret]");
            return 2;
    }

    i++;
}

var clock = Stopwatch.StartNew();
var workload = new WorkloadGenerator(settings).Generate();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Workload (seed {settings.Seed}): {workload.Jobs.Count} builds over {settings.Hours} h from {settings.Repositories} repositories " +
    $"in {settings.Families} families on {Catalog.Bases.Length} CUDA bases; {workload.BaseMoves} base-tag moves, " +
    $"{workload.PinReleases} shared requirement pins, {workload.Churn.Count(c => !c.Joins)} agent departures; " +
    $"{settings.AgentCapacities.Length} agents ({settings.AgentCapacities.Sum()} slots), cache budget {settings.CacheBudgetBytes / 1e9:0} GB each."));

var results = Simulate(workload);
Console.WriteLine();
Console.Write(Table.Markdown(results));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Floor: {Execution.FloorMeanSeconds(workload):0} s mean build with one farm-wide cache that never forgets (no placement gets below it)."));
Console.WriteLine();
var missed = 0;
foreach (var (target, ratio, met) in Table.Targets(results))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(met ? "met   " : "MISSED")} {target}: {ratio:0.00}"));
    missed += met ? 0 : 1;
}

Console.WriteLine();
Console.WriteLine("The same ratios on mean turnaround (queue wait + build), for reference, not judged:");
foreach (var (target, ratio, met) in Table.Targets(results, r => r.MeanTurnaround))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(met ? "holds " : "not   ")} {target}: {ratio:0.00}"));
}

if (regret)
{
    var probe = new RegretProbe(options.MaxQueuedPerAgent);
    new Simulator(workload, probe.Wrap(FarmPolicy.Create(options))).Run();
    Console.WriteLine();
    Console.WriteLine(probe.Summary(workload.Jobs.Count));
}

if (otherSeeds > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Seeds 1 to {otherSeeds}, the same settings otherwise (shown, not judged):");
    Console.WriteLine();
    var sweep = Enumerable.Range(1, otherSeeds).Select(seed =>
    {
        var other = new WorkloadGenerator(settings with { Seed = seed }).Generate();
        return (Seed: seed, Floor: Execution.FloorMeanSeconds(other), Results: Simulate(other));
    });
    Console.Write(Table.Seeds(sweep));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulated in {clock.Elapsed.TotalSeconds:0.0} s."));
if (quick)
{
    Console.WriteLine("(--quick is a smoke run: four cold hours judge no policy, so targets are shown, not enforced.)");
    return 0;
}

return missed == 0 ? 0 : 1;

// Every policy over one workload, each with a fresh instance of its own state.
List<PolicyResult> Simulate(WorkloadRun workload)
{
    PolicyEntry[] policies =
    [
        new("random", () => Baselines.Random(workload.Settings.Seed)),
        new(Table.RoundRobin, Baselines.RoundRobin),
        new("least-loaded", Baselines.LeastLoaded),
        new(Table.ConsistentHashing, () => Baselines.ConsistentHashing()),
        new("base-image locality", Baselines.BaseImageLocality),
        new(Table.Farm, () => FarmPolicy.Create(options)),
        new(Table.Oracle, OraclePolicy.Create),
        new(Table.ShortestBuildOracle, OraclePolicy.ShortestBuild),
    ];
    return policies.Select(policy =>
    {
        var simulator = new Simulator(workload, policy.Create());
        var builds = simulator.Run();
        return new PolicyResult(policy.Name, builds, simulator.Restarts);
    }).ToList();
}
