using BenchmarkDotNet.Attributes;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint;

namespace BuildFarm.Lint.Benchmarks;

/// <summary>Linting the 300-line sample (parse included, as <c>farmctl lint</c> and Web's submit run it), and the
/// parse alone, to show what the rules add.</summary>
[MemoryDiagnoser]
public class LintBenchmark
{
    private static readonly LintContext Context = new(HasDockerIgnore: false, SizeBytes: 3L << 30, FileCount: 40_000);

    [Benchmark(Description = "Lint: parse + every rule + waivers, 300-line ML Dockerfile")]
    public LintReport Lint() => DockerfileLint.Check(Sample.Dockerfile, Context, Sample.BuildArgs);

    [Benchmark(Baseline = true, Description = "Parse only, same file (comparison)")]
    public ParseResult Parse() => DockerfileParser.Parse(Sample.Dockerfile, Sample.BuildArgs);
}
