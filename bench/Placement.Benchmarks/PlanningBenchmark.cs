using BenchmarkDotNet.Attributes;
using BuildFarm.Shared.CacheKeys;

namespace BuildFarm.Placement.Benchmarks;

/// <summary>Planning a 40-instruction Dockerfile: parse it, then predict its cache-key chain over a 300-file context.</summary>
[MemoryDiagnoser]
public class PlanningBenchmark
{
    [Benchmark(Description = "Plan: parse + cache-key chain, 40 instructions, 300 files")]
    public KeyChain Plan() => Samples.Plan();
}
