using System.Diagnostics;
using BuildFarm.Load.Benchmarks.Farm;
using BuildFarm.Load.Benchmarks.Readout;

namespace BuildFarm.Load.Benchmarks.Workload;

/// <summary>Queues the run's builds through the REST API, phase by phase, and keeps every submission.</summary>
sealed class Submitter(LoadFarm farm, LoadRepositories repositories, FarmRecords records)
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    readonly List<Submission> _submissions = [];
    int _number;

    /// <summary>What the run is doing now, for the samplers to file their samples under.</summary>
    public Phase Phase { get; private set; }

    public IReadOnlyList<Submission> Submissions
    {
        get
        {
            lock (_submissions)
                return [.. _submissions];
        }
    }

    /// <summary>Any build submitted so far, for the build page's samples.</summary>
    public Guid? AnyBuild(Random random)
    {
        lock (_submissions)
        {
            var submitted = _submissions.Where(s => s.Id is not null).ToList();
            return submitted.Count == 0 ? null : submitted[random.Next(submitted.Count)].Id;
        }
    }

    /// <summary>Queues the warm-up's builds at once, then waits until they are all done.</summary>
    public async Task<bool> WarmUpAsync(int count, DateTimeOffset deadline)
    {
        Phase = Phase.WarmUp;
        for (var i = 0; i < count; i++)
            await SubmitAsync(Phase.WarmUp);
        return await records.WaitForAllAsync(deadline);
    }

    /// <summary>Submits nothing for a while, so the pages are timed on a farm at rest.</summary>
    public Task IdleAsync(TimeSpan span)
    {
        Phase = Phase.Idle;
        return Task.Delay(span);
    }

    /// <summary>Submits each build only once fewer than <paramref name="limit"/> builds are in flight, so an agent
    /// always has room for it.</summary>
    public async Task AgentsFreeAsync(int count, int limit)
    {
        Phase = Phase.AgentsFree;
        for (var i = 0; i < count; i++)
        {
            while (await records.InFlightAsync() >= limit)
                await Task.Delay(Poll);
            await SubmitAsync(Phase.AgentsFree);
        }
    }

    /// <summary>Queues <paramref name="count"/> builds as fast as <paramref name="clients"/> clients can.</summary>
    public async Task BacklogAsync(int count, int clients)
    {
        Phase = Phase.Backlog;
        var left = count;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
                await SubmitAsync(Phase.Backlog);
        }));
    }

    async Task SubmitAsync(Phase phase)
    {
        var number = Interlocked.Increment(ref _number);
        var clock = Stopwatch.StartNew();
        Submission submission;
        try
        {
            var id = await farm.Api.SubmitAsync(repositories.Request(number));
            submission = new Submission(number, phase, id, DateTimeOffset.UtcNow, clock.Elapsed.TotalMilliseconds, null);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            submission = new Submission(number, phase, null, DateTimeOffset.UtcNow, clock.Elapsed.TotalMilliseconds, e.Message);
        }
        lock (_submissions)
            _submissions.Add(submission);
    }
}
