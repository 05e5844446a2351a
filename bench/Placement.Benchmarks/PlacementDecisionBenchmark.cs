using BenchmarkDotNet.Attributes;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Benchmarks;

/// <summary>
/// One placement decision over 1,000 agents that hold 10,000 keys each (drawn from 100,000 distinct keys, as agents
/// of one farm share much of their cache), for the 40-instruction sample build. Agents hold prefixes of the build
/// from none to all of it; a third are at capacity with a queue, a few are offline. Three ways to hand placement the
/// same cluster: a <see cref="CacheIndex"/> of every key (the decision the scheduler makes: <c>ClusterLoader</c>
/// reads only the inventory rows of the keys being placed and indexes those, so its index is smaller still; the query
/// is not measured here); per-agent sets of only the build's keys without an index; each agent's whole set.
/// </summary>
[MemoryDiagnoser]
public class PlacementDecisionBenchmark
{
    // Built once per process (the in-process toolchain runs every case in one): ten million keys take a while.
    private static (ClusterSnapshot Cluster, ClusterSnapshot Indexed, ClusterSnapshot Loaded, BuildPlan Plan)? _shared;
    private ClusterSnapshot _cluster = null!;
    private ClusterSnapshot _indexed = null!;
    private ClusterSnapshot _loaded = null!;
    private BuildPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (_shared is { } shared)
        {
            (_cluster, _indexed, _loaded, _plan) = shared;
            return;
        }

        _plan = BuildPlan.FromPlanned(Samples.Plan());
        var random = new Random(42);
        var pool = Enumerable.Range(0, 100_000).Select(_ => Convert.ToHexStringLower(RandomBytes(random))).ToArray();
        var agents = new AgentSnapshot[1000];
        var index = new CacheIndex();
        for (var i = 0; i < agents.Length; i++)
        {
            var keys = new HashSet<string>(10_000, StringComparer.Ordinal);
            var prefix = i % (_plan.Steps.Count + 1);
            for (var s = 0; s < prefix; s++)
            {
                keys.Add(_plan.Steps[s].Key);
            }

            while (keys.Count < 10_000)
            {
                keys.Add(pool[random.Next(pool.Length)]);
            }

            var id = $"agent-{i:0000}";
            index.Add(id, keys);
            var running = i % 3 == 0 ? 3 : i % 2;
            agents[i] = new AgentSnapshot(id, id, i % 50 != 7, 2, running, null)
            {
                CacheKeys = index.KeysOf(id),
                BaseDigests = new HashSet<string>(prefix > 0 ? [Samples.BaseDigest] : [], StringComparer.Ordinal),
                WorkAheadSeconds = Enumerable.Range(0, running).Select(r => 60.0 * (r + 1)).ToArray(),
            };
        }

        _cluster = new ClusterSnapshot(agents);
        _indexed = _cluster with { Index = index };
        var wanted = _plan.Steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        _loaded = _cluster with
        {
            Agents = agents.Select(a => a with { CacheKeys = a.CacheKeys.Where(wanted.Contains).ToHashSet(StringComparer.Ordinal) }).ToArray(),
        };
        _shared = (_cluster, _indexed, _loaded, _plan);
    }

    [Benchmark(Description = "Place with CacheIndex: 1,000 agents x 10,000 keys, 40-instruction build")]
    public PlacementDecision Place() => BuildPlacement.Place(_indexed, _plan);

    [Benchmark(Description = "Place as the scheduler loads it: per-agent sets of the build's keys only, same cluster")]
    public PlacementDecision PlaceAsLoaded() => BuildPlacement.Place(_loaded, _plan);

    [Benchmark(Description = "Place with per-agent sets (no index), same cluster")]
    public PlacementDecision PlaceWithoutIndex() => BuildPlacement.Place(_cluster, _plan);

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }
}
