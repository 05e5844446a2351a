using System.Diagnostics;
using System.Net;
using BuildFarm.Load.Benchmarks.Workload;

namespace BuildFarm.Load.Benchmarks.Sampling;

/// <summary>One page fetched while builds ran: the time from sending the request to the last byte of the answer, as
/// the client saw it, and the server's own time for it (<see cref="Readout.ServerTimes"/>).</summary>
/// <param name="Id">Sent as the request's <c>sample</c> query parameter, which the pages ignore, so Web's request log
/// names the sample it timed.</param>
public sealed record PageSample(int Id, string Page, Phase Phase, double Ms, bool Served, string? Problem)
{
    /// <summary>When the request was sent, so a slow sample can be set beside the run's own log.</summary>
    public DateTime At { get; init; }
    /// <summary>Web's own time for the request, from the request starting to the response's end; null until read from
    /// its log, and when the log does not have it.</summary>
    public double? ServerMs { get; init; }
}

/// <summary>
/// Fetches the builds list (HTML), a build's page (HTML, a build picked at random from those submitted so far) and the
/// API's builds list, one after the other, every <see cref="LoadOptions.PageInterval"/> (without a pause during the
/// warm-up), for as long as the run lasts:
/// what a person watching the dashboard, and a script polling the API, would wait for during the load.
/// </summary>
sealed class PageSampler(HttpClient pages, Submitter submitter)
{
    public const string BuildsList = "/builds (HTML)";
    public const string BuildPage = "/builds/{id} (HTML)";
    public const string ApiList = "/api/builds (JSON)";
    public static readonly IReadOnlyList<string> Pages = [BuildsList, BuildPage, ApiList];

    readonly List<PageSample> _samples = [];
    readonly Random _random = new(11);
    int _lastId;

    public IReadOnlyList<PageSample> Samples
    {
        get
        {
            lock (_samples)
                return [.. _samples];
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await FetchAsync(BuildsList, "/builds");
            if (submitter.AnyBuild(_random) is { } id)
                await FetchAsync(BuildPage, $"/builds/{id}");
            await FetchAsync(ApiList, "/api/builds?limit=50");
            // During the warm-up one after the other, so every page has rendered hundreds of times before it is timed.
            if (submitter.Phase == Phase.WarmUp)
                continue;
            try
            {
                await Task.Delay(LoadOptions.PageInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task FetchAsync(string page, string path)
    {
        var phase = submitter.Phase;
        var id = Interlocked.Increment(ref _lastId);
        path += (path.Contains('?') ? '&' : '?') + $"sample={id}";
        var at = DateTime.Now;
        var clock = Stopwatch.StartNew();
        PageSample sample;
        try
        {
            // The default completion reads the whole body before returning: time to the full response.
            using var response = await pages.GetAsync(path);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            sample = response.StatusCode == HttpStatusCode.OK
                ? new PageSample(id, page, phase, elapsed, true, null)
                : new PageSample(id, page, phase, elapsed, false, $"{(int)response.StatusCode} {response.Headers.Location}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            sample = new PageSample(id, page, phase, clock.Elapsed.TotalMilliseconds, false, e.Message);
        }
        lock (_samples)
            _samples.Add(sample with { At = at });
    }
}
