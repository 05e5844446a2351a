using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BuildFarm.Lint.Benchmarks;

// Each iteration lints the file exactly once, so the percentiles are those of single lints, which is what the
// target (< 5 ms for a 300-line Dockerfile) speaks of. In-process: no generated project to build.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(500)
    .WithIterationCount(1000)
    .WithInvocationCount(1)
    .WithUnrollFactor(1)
    // A p95 with the slow runs thrown away would be no p95: keep every measurement.
    .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)
    .WithGcForce(args.Contains("--gc-force"))
    .WithId("single-lint");
var config = DefaultConfig.Instance
    .AddJob(job)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max)
    .WithOptions(ConfigOptions.JoinSummary);
Console.WriteLine(Sample.Describe());
BenchmarkSwitcher.FromTypes([typeof(LintBenchmark)]).Run(args.Where(a => a != "--gc-force").ToArray(), config);
