namespace BuildFarm.Agent.Docker;

/// <summary>What an engine says of itself: whether it answers, its version, and the facts the agent reports.</summary>
public sealed class EngineSystem(EngineConnection engine)
{
    public string Host => engine.Host;

    public Task PingAsync(CancellationToken ct = default) =>
        engine.CallUnversionedAsync(async (client, t) =>
        {
            await client.System.PingAsync(t);
            return true;
        }, ct);

    /// <summary><c>GET /version</c>, unversioned: it is what the API version is negotiated from.</summary>
    public async Task<EngineVersion> GetVersionAsync(CancellationToken ct = default)
    {
        var version = await engine.CallUnversionedAsync((client, t) => client.System.GetVersionAsync(t), ct);
        return new EngineVersion(version.Version, version.APIVersion, version.MinAPIVersion, version.Os, version.Arch);
    }

    /// <summary><c>GET /info</c>.</summary>
    public async Task<EngineFacts> GetInfoAsync(CancellationToken ct = default)
    {
        var info = await engine.CallAsync((client, t) => client.System.GetSystemInfoAsync(t), ct);
        return new EngineFacts(info.OSType, info.Architecture, info.ServerVersion, info.Driver);
    }
}
