using BuildFarm.EndToEnd.Farm;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>
/// The same scripted sequence of builds on three agents with three engines, once with the farm's cache-affinity
/// placement and once with round robin, in one test run: the farm sends each build where its chain is cached, and its
/// predictions match what BuildKit then reports.
/// </summary>
[Collection(FarmCollection.Name)]
public class PlacementComparisonTests(FarmFixture farm, ITestOutputHelper output)
{
    // Three repositories, each built and then changed in its code twice in a row. Round robin's rotation (three
    // agents) never lines up with a repository's turn, so it keeps landing on agents that lack its dependencies.
    static readonly string[] Sequence = ["a", "a", "b", "b", "c", "c", "a", "a", "b", "b", "c", "c"];

    [EndToEndFact]
    public async Task Should_send_builds_to_the_warm_agent_and_beat_round_robin_on_the_same_sequence()
    {
        var engines = farm.Services!.SpareEngines;
        Assert.True(engines.Count >= 3, $"needs three engines besides the agent tests' one; scripts/test.sh starts four (have {engines.Count + 1})");

        var affinity = await RunAsync("CacheAffinity", engines.Take(3).ToList());
        var roundRobin = await RunAsync("RoundRobin", engines.Take(3).ToList());

        output.WriteLine("policy          hit rate  cached/steps  pip installs run  build seconds  precision  recall");
        foreach (var run in new[] { affinity, roundRobin })
            output.WriteLine($"{run.Policy,-15} {run.HitRate,8:P0}  {run.Cached,6}/{run.Steps,-5}  {run.DependencyInstalls,16}  {run.Seconds,13:0.0}  {run.Precision,9:0.000}  {run.Recall,6:0.000}");

        // Every rebuild of a repository went where that repository was built before: the warm agent.
        Assert.All(affinity.Builds.GroupBy(b => b.Repository), repo =>
            Assert.All(repo.Skip(1), b => Assert.Equal(repo.First().Agent, b.Agent)));
        Assert.True(affinity.HitRate > roundRobin.HitRate, $"hit rate {affinity.HitRate:P0} vs round robin {roundRobin.HitRate:P0}");
        // The slow step ran once per repository, where round robin ran it again on each agent it sent a repository to.
        // Seconds are reported, not asserted: on shared cores wall time says more about the neighbours than the policy.
        Assert.Equal(Sequence.Distinct().Count(), affinity.DependencyInstalls);
        Assert.True(affinity.DependencyInstalls < roundRobin.DependencyInstalls, $"{affinity.DependencyInstalls} vs {roundRobin.DependencyInstalls} pip installs");
        Assert.True(affinity.Precision >= 0.98, $"precision {affinity.Precision:0.000}\n{affinity.Detail}");
        Assert.True(affinity.Recall >= 0.98, $"recall {affinity.Recall:0.000}\n{affinity.Detail}");
        // Round robin's placements are predicted by the same model, so its misses are foreseen too.
        Assert.True(roundRobin.Precision >= 0.98 && roundRobin.Recall >= 0.98, roundRobin.Detail);
    }

    async Task<Run> RunAsync(string policy, IReadOnlyList<string> engines)
    {
        // Both runs start from cold engines; fresh repositories keep the second run from reusing the first's steps.
        foreach (var engine in engines)
            await EngineCache.PruneAsync(engine);
        var agents = engines.Select((engine, i) => ($"{policy.ToLowerInvariant()}-{i + 1}", engine)).ToDictionary(x => x.Item1, x => x.engine);
        await using var placed = new FarmFixture($"compare-{policy.ToLowerInvariant()}", agents,
            new Dictionary<string, string> { ["Scheduler__Placement"] = policy });
        await placed.InitializeAsync();

        var repositories = Sequence.Distinct().ToDictionary(r => r, r => placed.NewRepository(r));
        var builds = new List<Built>();
        foreach (var name in Sequence)
        {
            var repository = repositories[name];
            if (builds.Any(b => b.Repository == name))
            {
                // A code-only commit: dependencies stay, the code steps run again.
                repository.Write("src/train.py", $"print('{name} change {builds.Count}')\n");
                repository.Commit($"Code change {builds.Count}");
            }
            var build = await placed.Api.WaitForFinishAsync(await placed.Api.SubmitAsync(repository.Url));
            Assert.True(build.Status == "succeeded", $"{policy} build of {name}: {FarmApi.Describe(build)}\n{placed.Diagnostics()}");
            // The prediction is scored by the same ordered consumer that records the end; wait for it all the same.
            build = await placed.Api.WaitForAsync(build.Id, b => b.Prediction?.Hits is not null, "scored its prediction");
            builds.Add(new Built(name, build));
        }
        return new Run(policy, builds);
    }

    sealed record Built(string Repository, BuildJson Build)
    {
        public string? Agent => Build.Agent;
        public List<StepJson> Steps => Build.Steps.Where(s => !s.Instruction.StartsWith("FROM", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    sealed record Run(string Policy, List<Built> Builds)
    {
        public int Steps => Builds.Sum(b => b.Steps.Count);
        public int Cached => Builds.Sum(b => b.Steps.Count(s => s.Cached));
        public double HitRate => (double)Cached / Steps;
        public double Seconds => Builds.Sum(b => b.Build.DurationMs ?? 0) / 1000.0;
        public int DependencyInstalls => Builds.Sum(b => b.Steps.Count(s => s.Instruction.Contains("pip install") && !s.Cached));
        int Hits => Builds.Sum(b => b.Build.Prediction!.Hits!.Value);
        public double Precision => Hits / (double)Math.Max(1, Hits + Builds.Sum(b => b.Build.Prediction!.FalseHits!.Value));
        public double Recall => Hits / (double)Math.Max(1, Hits + Builds.Sum(b => b.Build.Prediction!.Misses!.Value));
        public string Detail => string.Join("\n", Builds.Select(b =>
            $"{b.Repository} on {b.Agent}: {b.Steps.Count(s => s.Cached)}/{b.Steps.Count} cached, predicted {b.Build.Prediction}"));
    }
}
