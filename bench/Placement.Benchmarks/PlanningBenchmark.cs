using BenchmarkDotNet.Attributes;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Placement.Benchmarks;

/// <summary>Planning a 40-instruction Dockerfile: parse it, then predict its cache-key chain over a 300-file context.</summary>
[MemoryDiagnoser]
public class PlanningBenchmark
{
    [Benchmark(Description = "Plan: parse + cache-key chain, 40 instructions, 300 files")]
    public PlannedBuild Plan() =>
        CacheKeyChain.Compute(DockerfileParser.Parse(Samples.Dockerfile, Samples.Args), null, Samples.Args, _ => Samples.BaseDigest, Samples.Context);
}
