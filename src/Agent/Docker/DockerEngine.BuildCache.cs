using System.Text.Json;

namespace BuildFarm.Agent.Docker;

public sealed partial class DockerEngine
{
    static readonly TimeSpan PruneTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The build cache's records (<c>GET /system/df</c>).</summary>
    public async Task<IReadOnlyList<BuildCacheRecord>> GetBuildCacheAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(await RequestAsync(HttpMethod.Get, "system/df", ct), ct);
        return (await ReadJsonAsync<DiskUsage>(response, ct)).BuildCache ?? [];
    }

    /// <summary>Bytes held by the build cache (<c>GET /system/df</c>).</summary>
    public async Task<long> GetBuildCacheBytesAsync(CancellationToken ct = default) =>
        (await GetBuildCacheAsync(ct)).Sum(record => record.Size);

    /// <summary>Removes every build-cache record not in use and last used longer ago than <paramref name="keepUsedWithin"/>
    /// (<c>POST /build/prune</c>), and returns the bytes the engine says it freed.</summary>
    public async Task<long> PruneBuildCacheAsync(TimeSpan keepUsedWithin, CancellationToken ct = default)
    {
        // Docker turns "until" into BuildKit's KeepDuration: records used within it stay. Docker 20.10 accepts only a Go
        // duration there (a timestamp is refused), and a zero duration would mean no filter at all, so never send less
        // than 1 ms. all=true: without it BuildKit keeps records shared with images, and the budget counts those too.
        var ms = Math.Max(1, (long)Math.Ceiling(keepUsedWithin.TotalMilliseconds));
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["until"] = [$"{ms}ms"] });
        var request = await RequestAsync(HttpMethod.Post, $"build/prune?all=true&filters={Uri.EscapeDataString(filters)}", ct);
        using var response = await SendAsync(request, ct, PruneTimeout);
        return (await ReadJsonAsync<PruneReport>(response, ct)).SpaceReclaimed;
    }

    sealed record DiskUsage(IReadOnlyList<BuildCacheRecord>? BuildCache);

    sealed record PruneReport(long SpaceReclaimed);
}
