using System.Diagnostics;
using System.Globalization;
using BuildFarm.Placement.Simulator.Policies;
using BuildFarm.Placement.Simulator.Report;
using BuildFarm.Placement.Simulator.Simulation;
using BuildFarm.Placement.Simulator.Workload;
using BuildFarm.Shared.Placement;

// Usage: Placement.Simulator [--quick] [--seed N] [--hours H] [--repositories N] [--max-queued N]
// Exit 0 when every target holds (or with --quick, a smoke run that does not judge), 1 when one is missed, 2 on bad arguments.
var quick = args.Contains("--quick");
var settings = quick ? WorkloadSettings.Quick : new WorkloadSettings();
var options = new PlacementOptions { PullBytesPerSecond = settings.PullBytesPerSecond };
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n >= 0 ? n : -1;
    switch (args[i])
    {
        case "--quick":
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
        default:
            Console.Error.WriteLine("usage: Placement.Simulator [--quick] [--seed N] [--hours H] [--repositories N] [--max-queued N]");
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

PolicyEntry[] policies =
[
    new("random", () => Baselines.Random(settings.Seed)),
    new(Table.RoundRobin, Baselines.RoundRobin),
    new("least-loaded", Baselines.LeastLoaded),
    new(Table.ConsistentHashing, () => Baselines.ConsistentHashing()),
    new("base-image locality", Baselines.BaseImageLocality),
    new(Table.Farm, () => FarmPolicy.Create(options)),
    new(Table.Oracle, OraclePolicy.Create),
];

var results = new List<PolicyResult>();
foreach (var policy in policies)
{
    var simulator = new Simulator(workload, policy.Create());
    var builds = simulator.Run();
    results.Add(new PolicyResult(policy.Name, builds, simulator.Restarts));
}

Console.WriteLine();
Console.Write(Table.Markdown(results));
Console.WriteLine();
var missed = 0;
foreach (var (target, ratio, met) in Table.Targets(results))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(met ? "met   " : "MISSED")} {target}: {ratio:0.00}"));
    missed += met ? 0 : 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulated in {clock.Elapsed.TotalSeconds:0.0} s."));
if (quick)
{
    Console.WriteLine("(--quick is a smoke run: four cold hours judge no policy, so targets are shown, not enforced.)");
    return 0;
}

return missed == 0 ? 0 : 1;
