namespace BuildFarm.Agent.Docker;

/// <summary>BuildKit's build cache on one engine: its records, and pruning it.</summary>
public sealed class EngineBuildCache(EngineConnection engine)
{
    static readonly TimeSpan PruneTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The build cache's records (<c>GET /system/df</c>).</summary>
    public async Task<IReadOnlyList<BuildCacheRecord>> GetRecordsAsync(CancellationToken ct = default)
    {
        // Our own request, not Docker.DotNet's GetDataUsageInfoAsync: the library reads API 1.52's shape
        // (BuildCacheUsage.Items), while Engine 20.10 at 1.41 answers a top-level BuildCache list, so through the
        // library every record is lost.
        var usage = await engine.RequestJsonAsync<DiskUsage>(HttpMethod.Get, "system/df", engine.RequestTimeout, ct);
        return usage.BuildCache ?? [];
    }

    /// <summary>Bytes held by the build cache.</summary>
    public async Task<long> GetBytesAsync(CancellationToken ct = default) => (await GetRecordsAsync(ct)).Sum(record => record.Size);

    /// <summary>Removes every record not in use and last used longer ago than <paramref name="keepUsedWithin"/>
    /// (<c>POST /build/prune</c>), and returns the bytes the engine says it freed.</summary>
    public async Task<long> PruneAsync(TimeSpan keepUsedWithin, CancellationToken ct = default)
    {
        // Our own request: Docker.DotNet has no /build/prune. Docker turns "until" into BuildKit's KeepDuration (records
        // used within it stay); 20.10 takes only a Go duration there, and a zero one means no filter at all, so never
        // less than 1 ms. all=true: without it BuildKit keeps records shared with images, which the budget counts too.
        var ms = Math.Max(1, (long)Math.Ceiling(keepUsedWithin.TotalMilliseconds));
        var filters = Uri.EscapeDataString($$"""{"until":["{{ms}}ms"]}""");
        var report = await engine.RequestJsonAsync<PruneReport>(HttpMethod.Post, $"build/prune?all=true&filters={filters}", PruneTimeout, ct);
        return report.SpaceReclaimed;
    }

    sealed record DiskUsage(IReadOnlyList<BuildCacheRecord>? BuildCache);

    sealed record PruneReport(long SpaceReclaimed);
}
