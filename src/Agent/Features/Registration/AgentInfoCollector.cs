using System.Reflection;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Gpus;
using BuildFarm.Agent.Features.Health;
using BuildFarm.Agent.Features.Intake;
using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Contracts;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>Gathers what the agent says of itself. A dead engine or a broken driver is reported, never thrown: the
/// agent must stay visible on the Agents page with the reason.</summary>
public sealed class AgentInfoCollector(
    AgentIdentity identity, EngineSystem engine, EngineBuildCache buildCache, GpuDiscovery gpus, BuildSlots slots, EventOutbox outbox,
    EngineHealth health, IOptions<AgentOptions> options)
{
    static readonly string Version =
        typeof(AgentInfoCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    long _cacheBytes;

    public async Task<AgentInfo> CollectAsync(CancellationToken ct)
    {
        var gpuTask = gpus.DiscoverAsync(ct);
        var e = await EngineAsync(ct);
        var gpu = await gpuTask;
        var o = options.Value;
        return new AgentInfo(
            identity.Id, identity.Name, o.Labels, e.Os, e.Arch, e.DockerVersion, e.StorageDriver, e.Error, e.CacheBytes,
            Math.Max(1, o.Capacity), slots.Held, gpu.Gpus, gpu.DriverVersion, gpu.CudaVersion, gpu.Error, Version, o.DockerHost,
            // Read after the held builds: a build leaves its slot only once its result is in the outbox, so none falls between.
            outbox.Ended);
    }

    async Task<EngineReport> EngineAsync(CancellationToken ct)
    {
        // A lost engine is reported as lost without asking it again: a hung one would hold the beat for the request timeout.
        if (health.LostWith is { } lost)
            return new EngineReport("", "", null, null, lost, 0);
        try
        {
            var facts = await engine.GetInfoAsync(ct);
            return new EngineReport(facts.OsType, facts.Architecture, facts.ServerVersion, facts.Driver, null, await CacheBytesAsync(ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EngineReport("", "", null, null, ex.Message, 0);
        }
    }

    /// <summary>
    /// The build cache's size, or the last one read when the engine will not say. Engine 20.10 runs one disk-usage
    /// request at a time and fails the others ("a disk usage operation is already running", a plain 500), which agents
    /// sharing an engine, or this agent's own cache upkeep, hit whenever they ask at the same moment. The engine has just
    /// answered /info, so it is up: reported as the engine's error, the refusal made the scheduler pass the agent over as
    /// "Docker engine unavailable" until its next heartbeat (the load bench, five agents to an engine, saw agents passed
    /// over so). An engine that is really gone fails /info on the next beat.
    /// </summary>
    async Task<long> CacheBytesAsync(CancellationToken ct)
    {
        try
        {
            return _cacheBytes = await buildCache.GetBytesAsync(ct);
        }
        catch (DockerEngineException)
        {
            return _cacheBytes;
        }
    }

    sealed record EngineReport(string Os, string Arch, string? DockerVersion, string? StorageDriver, string? Error, long CacheBytes);
}
