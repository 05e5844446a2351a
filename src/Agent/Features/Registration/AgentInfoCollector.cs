using System.Reflection;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Gpus;
using BuildFarm.Agent.Features.Intake;
using BuildFarm.Contracts;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>Gathers what the agent says of itself. A dead engine or a broken driver is reported, never thrown: the
/// agent must stay visible on the Agents page with the reason.</summary>
public sealed class AgentInfoCollector(
    AgentIdentity identity, EngineSystem engine, EngineBuildCache buildCache, GpuDiscovery gpus, BuildSlots slots, IOptions<AgentOptions> options)
{
    static readonly string Version =
        typeof(AgentInfoCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public async Task<AgentInfo> CollectAsync(CancellationToken ct)
    {
        var gpuTask = gpus.DiscoverAsync(ct);
        string os = "", arch = "";
        string? dockerVersion = null, storageDriver = null, dockerError = null;
        long cacheBytes = 0;
        try
        {
            var facts = await engine.GetInfoAsync(ct);
            (os, arch, dockerVersion, storageDriver) = (facts.OsType, facts.Architecture, facts.ServerVersion, facts.Driver);
            cacheBytes = await buildCache.GetBytesAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            dockerError = ex.Message;
        }
        var gpu = await gpuTask;
        var o = options.Value;
        return new AgentInfo(
            identity.Id, identity.Name, o.Labels, os, arch, dockerVersion, storageDriver, dockerError, cacheBytes,
            Math.Max(1, o.Capacity), slots.Held, gpu.Gpus, gpu.DriverVersion, gpu.CudaVersion, gpu.Error, Version, o.DockerHost);
    }
}
