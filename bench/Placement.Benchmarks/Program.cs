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
    .WithWarmupCount(50)
    .WithIterationCount(500)
    .WithInvocationCount(1)
    .WithUnrollFactor(1)
    .WithId("single-op");
var config = DefaultConfig.Instance
    .AddJob(job)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
BenchmarkSwitcher.FromTypes([typeof(PlacementDecisionBenchmark), typeof(PlanningBenchmark)]).Run(args, config);
