using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BuildFarm.Placement.Benchmarks;

// Each iteration runs exactly one operation, so the percentiles are those of single decisions and plans, which is
// what the targets (p99 < 1 ms, < 5 ms) speak of. In-process: no generated project to build, a run takes a minute or two.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(500)
    .WithIterationCount(300)
    .WithInvocationCount(1)
    .WithUnrollFactor(1)
    // A p99 with the slow runs thrown away would be no p99: keep every measurement.
    .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)
    // BenchmarkDotNet's default full GC after every operation would walk the ten-million-key heap between two
    // decisions (minutes of run, and a cold CPU cache for each decision); `--gc-force` restores it for comparison.
    .WithGcForce(args.Contains("--gc-force"))
    .WithId("single-op");
var config = DefaultConfig.Instance
    .AddJob(job)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column(), StatisticColumn.Max)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromTypes([typeof(PlacementDecisionBenchmark), typeof(PlanningBenchmark)])
    .Run(args.Where(a => a != "--gc-force").ToArray(), config);
