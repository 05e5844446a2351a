using BuildFarm.EndToEnd.Farm;
using BuildFarm.Load.Benchmarks.Farm;
using BuildFarm.Load.Benchmarks.Readout;
using BuildFarm.Load.Benchmarks.Report;
using BuildFarm.Load.Benchmarks.Sampling;
using BuildFarm.Load.Benchmarks.Workload;

namespace BuildFarm.Load.Benchmarks;

/// <summary>
/// One run: a warm-up build per agent; then builds submitted only while agents have room (the target's "while agents
/// are free"); then the rest queued at once and drained. Pages and memory are sampled from the first build to the
/// last; the database and the agents' logs are read at the end.
/// </summary>
sealed class LoadRun(LoadOptions options, LoadFarm farm, string baseImage)
{
    static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public async Task<bool> RunAsync(TextWriter output)
    {
        var records = new FarmRecords(farm.Database);
        var submitter = new Submitter(farm, LoadRepositories.Create(farm, baseImage), records);
        var pages = new PageSampler(farm.Pages, submitter);
        var memory = new MemorySampler(farm.ProcessIds);
        using var stop = new CancellationTokenSource();
        var sampling = Task.WhenAll(pages.RunAsync(stop.Token), memory.RunAsync(stop.Token), ProgressAsync(submitter, records, output, stop.Token));

        output.WriteLine($"{DateTime.Now:HH:mm:ss} warm-up: {options.WarmUp} builds");
        await submitter.WarmUpAsync(options.WarmUp, DateTimeOffset.UtcNow + options.Deadline);
        output.WriteLine($"{DateTime.Now:HH:mm:ss} idle farm: pages timed for {LoadOptions.IdleSpan.TotalSeconds:0} s");
        await submitter.IdleAsync(LoadOptions.IdleSpan);
        output.WriteLine($"{DateTime.Now:HH:mm:ss} agents free: {options.FreeBuilds} builds, each submitted once fewer than {options.FreeLimit} are in flight");
        await submitter.AgentsFreeAsync(options.FreeBuilds, options.FreeLimit);
        output.WriteLine($"{DateTime.Now:HH:mm:ss} backlog: {options.BacklogBuilds} builds from {LoadOptions.BacklogClients} clients at once");
        var backlogFrom = DateTimeOffset.UtcNow;
        await submitter.BacklogAsync(options.BacklogBuilds, LoadOptions.BacklogClients);
        output.WriteLine($"{DateTime.Now:HH:mm:ss} all submitted; waiting up to {options.Deadline.TotalMinutes:0} min for every build to end");
        var drained = await records.WaitForAllAsync(DateTimeOffset.UtcNow + options.Deadline);
        output.WriteLine($"{DateTime.Now:HH:mm:ss} {(drained ? "every build ended" : "deadline passed with builds still in flight")}; load average {LoadAverage()}");

        var processes = memory.Final();
        await stop.CancelAsync();
        await sampling;
        var record = await records.ReadAsync();
        var serverTimes = ServerTimes.Read(farm.Log("web"));
        var pageSamples = pages.Samples.Select(s => s with { ServerMs = serverTimes.TryGetValue(s.Id, out var ms) ? ms : null }).ToList();
        var builds = BuildFate.Of(submitter.Submissions, record, AgentLogs.Starts(farm.Engines.Keys, farm.Log), options.Agents);
        var met = new LoadReport(submitter.Submissions, builds, Placements.Of(builds, backlogFrom), PlacementPasses.Read(farm.Log("scheduler")),
            pageSamples, processes).Print(output);
        await RemoveImagesAsync(record, output);
        return met;
    }

    async Task ProgressAsync(Submitter submitter, FarmRecords records, TextWriter output, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProgressEvery, stop);
                output.WriteLine($"{DateTime.Now:HH:mm:ss}   {submitter.Phase.Describe()}: {submitter.Submissions.Count} submitted, " +
                                 $"{await records.InFlightAsync()} in flight; load average {LoadAverage()}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The engines are shared: the run's untagged images go, the build cache stays for the agents' own upkeep.</summary>
    async Task RemoveImagesAsync(FarmRecord record, TextWriter output)
    {
        var removed = 0;
        foreach (var agent in record.Builds.Values.Where(b => b is { ImageId: not null, AgentId: not null }).GroupBy(b => b.AgentId!))
            if (record.AgentNames.GetValueOrDefault(agent.Key) is { } name && farm.Engines.GetValueOrDefault(name) is { } engine)
                removed += await EngineCache.RemoveImagesAsync(engine, agent.Select(b => b.ImageId!));
        output.WriteLine($"Removed the run's {removed} images from the engines.");
    }

    // The machine is shared: what else ran says how far to trust the numbers.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
