using System.Diagnostics;
using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.Faults.Benchmarks;

/// <summary>One run of the same builds on a fresh two-agent farm with its own broker: two builds caught in their long
/// step when the fault begins (one ends inside it, one outlasts it) and two submitted while it lasts. The fault is what
/// <see cref="Begin"/> and <see cref="End"/> do; the fault-free run does nothing and waits as long.</summary>
sealed record FaultScenario(string Name, Func<FarmFixture, Task> Begin, Func<FarmFixture, Task> End)
{
    public static FaultScenario FaultFree { get; } = new("fault-free", _ => Task.CompletedTask, _ => Task.CompletedTask);

    public static FaultScenario SchedulerRestart { get; } = new("scheduler restart", f => f.KillSchedulerAsync(), f => f.RestartSchedulerAsync());

    public static FaultScenario BrokerOutage { get; } = new("broker outage", f => f.Broker!.StopAsync(), f => f.Broker!.StartAsync());

    public async Task<ScenarioRun> RunAsync(TimeSpan outage, BuildShape shape)
    {
        await using var farm = new FarmFixture($"bench-{Name.Replace(' ', '-')}", null, new Dictionary<string, string>()) { OwnBroker = true };
        await farm.InitializeAsync();

        var running = new List<(string Name, int Sleep, Guid Id)>();
        foreach (var (name, sleep) in shape.Running)
            running.Add((name, sleep, await LongStep.StartAsync(farm.Api, LongStep.Repository(farm, name, sleep), sleep)));
        var repositories = shape.SubmittedInside.Select(b => (b.Name, b.Sleep, Repository: LongStep.Repository(farm, b.Name, b.Sleep))).ToList();

        var clock = Stopwatch.StartNew();
        await Begin(farm);
        var inside = new List<(string Name, int Sleep, Guid Id)>();
        foreach (var (name, sleep, repository) in repositories)
            inside.Add((name, sleep, await farm.Api.SubmitAsync(repository.Url)));
        await Task.Delay(outage - clock.Elapsed); // the fault itself
        await End(farm);
        // From the first moment of the fault (a stopping broker closes connections, a killed scheduler is gone) until the
        // part is back: the broker accepting again, the scheduler's process started.
        var away = clock.Elapsed;

        var builds = new List<BuildRun>();
        foreach (var (name, sleep, id) in running.Concat(inside))
        {
            var build = await farm.Api.WaitForFinishAsync(id, TimeSpan.FromMinutes(5));
            builds.Add(new BuildRun(name, sleep, inside.Any(b => b.Id == id), build, await LongStep.RunsAsync(farm.Api, id)));
        }
        var offline = (await farm.Api.AgentsAsync()).Count(a => a.Status != "online");
        return new ScenarioRun(Name, this == FaultFree ? TimeSpan.Zero : away, builds, offline);
    }
}
