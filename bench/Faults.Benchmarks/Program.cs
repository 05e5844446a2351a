using BuildFarm.EndToEnd.Farm;
using BuildFarm.Faults.Benchmarks;

// The extra seconds each build spends under a scheduler restart and a broker outage against a fault-free run of the
// same builds, one scenario after the other on fresh farms (issue 9's Performance target). Minutes of real processes:
// run by hand with the services scripts/test.sh starts, never in CI.
var outage = TimeSpan.FromSeconds(args is ["--outage", var seconds, ..] ? int.Parse(seconds) : 40);
if (TestServices.FromEnvironment() is null)
{
    Console.Error.WriteLine("needs the farm's test services: BUILDFARM_TEST_DOCKER_HOSTS (two or more engines), BUILDFARM_TEST_RABBITMQ, " +
                            "BUILDFARM_TEST_REGISTRY and BUILDFARM_TEST_BASE_IMAGE, as scripts/test.sh exports them");
    return 2;
}

var shape = BuildShape.For(outage);
var runs = new List<ScenarioRun>();
foreach (var scenario in new[] { FaultScenario.FaultFree, FaultScenario.SchedulerRestart, FaultScenario.BrokerOutage })
{
    Console.WriteLine($"{DateTime.Now:HH:mm:ss} {scenario.Name}: {outage.TotalSeconds:0} s, builds {string.Join(", ", shape.Running.Concat(shape.SubmittedInside).Select(b => $"{b.Name} (sleep {b.Sleep})"))}");
    runs.Add(await scenario.RunAsync(outage, shape));
}
return FaultReport.Print(runs, Console.Out) ? 0 : 1;
