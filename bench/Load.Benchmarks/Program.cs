using System.Runtime.InteropServices;
using BuildFarm.EndToEnd.Farm;
using BuildFarm.Load.Benchmarks;
using BuildFarm.Load.Benchmarks.Farm;
using BuildFarm.Testing;

// The farm under load (issue 11): 2,000 builds on 20 agents through the real Web, Scheduler, RabbitMQ and PostgreSQL;
// submit-to-start, placements per second, page times during the run, each process's memory, builds lost or run twice.
// Minutes of real processes: run by hand with the services scripts/test.sh starts, never in CI. Exit 1 when a target
// is missed, 2 when the services are not there.
var options = LoadOptions.Parse(args);
if (TestServices.FromEnvironment() is not { } services || !TestPostgres.Available)
{
    Console.Error.WriteLine("needs the farm's test services: BUILDFARM_TEST_DOCKER_HOSTS, BUILDFARM_TEST_RABBITMQ, BUILDFARM_TEST_REGISTRY, " +
                            "BUILDFARM_TEST_BASE_IMAGE and BUILDFARM_TEST_POSTGRES, as scripts/test.sh exports them (source /work/test-env.sh)");
    return 2;
}

Console.WriteLine($"{DateTime.Now:HH:mm:ss} {options.Builds} builds on {options.Agents} agents over {Math.Min(options.Agents, services.DockerHosts.Count)} engines" +
                  $"{(options.Quick ? " (quick)" : "")}; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, " +
                  $"{RuntimeInformation.OSDescription}; load average {LoadRun.LoadAverage()}; engines at {EnginePriority.Describe(services.DockerHosts.Take(options.Agents))}");
await using var farm = await LoadFarm.StartAsync(options, services);
var parts = farm.ProcessIds();
Console.WriteLine($"{DateTime.Now:HH:mm:ss} farm up (run folder {farm.RunDir}); web, scheduler at {EnginePriority.OfProcesses(parts.Where(p => !p.Key.StartsWith("load-agent")).Select(p => p.Value))}, " +
                  $"agents at {EnginePriority.OfProcesses(parts.Where(p => p.Key.StartsWith("load-agent")).Select(p => p.Value))}; " +
                  $"agents' checkout cache {(options.CheckoutCache is { } checkouts ? $"{checkouts}" : "at its default")}; " +
                  $"Web plans {Math.Max(1, Environment.ProcessorCount / 2)} submission(s) at once (Farm:PlanningConcurrency, half the cores)");
return await new LoadRun(options, farm, services.BaseImage).RunAsync(Console.Out) ? 0 : 1;
