using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Tests.Engines;
using HostConfig = global::Docker.DotNet.Models.HostConfig;
using StoredConfig = global::Docker.DotNet.Models.ContainerConfig;

namespace BuildFarm.Agent.Tests.Docker;

/// <summary>What the engine makes of a spec, read back from the container it created. No engine here has a GPU driver,
/// so the GPU request is checked as the engine stored it, and by the engine refusing to start it.</summary>
[Collection(EngineCollection.Name)]
public sealed class ContainerSpecTests(EngineFixture fixture) : IAsyncLifetime
{
    static readonly string[] Argv = ["python", "-c", "import torch; assert torch.cuda.is_available()"];

    readonly List<string> _created = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
            await fixture.Engine.Containers.RemoveAsync(id);
    }

    async Task<(string Id, StoredConfig Config, HostConfig Host)> CreateAsync(bool gpus, string? network = "none")
    {
        var spec = new ContainerSpec(BusyboxBase.Reference, Argv, new Dictionary<string, string> { ["buildfarm.check"] = "b1" }, network, gpus);
        var id = await fixture.Engine.Containers.CreateAsync(spec);
        _created.Add(id);
        var stored = await fixture.Engine.Connection.CallAsync((client, t) => client.Containers.InspectContainerAsync(id, t), default);
        Assert.NotNull(stored.Config);
        Assert.NotNull(stored.HostConfig);
        return (id, stored.Config, stored.HostConfig);
    }

    [Fact]
    public async Task Should_request_every_gpu_through_the_gpu_capability_when_asked()
    {
        var (id, _, host) = await CreateAsync(gpus: true);

        var request = Assert.Single(host.DeviceRequests ?? []);
        Assert.Equal(("", -1L), (request.Driver, request.Count));
        Assert.Equal([["gpu"]], request.Capabilities);
        var e = await Assert.ThrowsAsync<DockerEngineException>(() => fixture.Engine.Containers.StartAsync(id));
        Assert.Contains("could not select device driver", e.Message);
    }

    [Fact]
    public async Task Should_request_no_devices_without_gpus()
    {
        var (_, _, host) = await CreateAsync(gpus: false);

        Assert.Empty(host.DeviceRequests ?? []);
    }

    [Fact]
    public async Task Should_send_the_argv_as_Cmd_with_the_entrypoint_cleared_and_no_tty()
    {
        var (_, config, host) = await CreateAsync(gpus: false);

        Assert.Equal(Argv, config.Cmd);
        // Stored as an empty list, not left unset: unset, the engine would fill in the image's ENTRYPOINT.
        Assert.NotNull(config.Entrypoint);
        Assert.Empty(config.Entrypoint);
        Assert.False(config.Tty);
        Assert.Equal(BusyboxBase.Reference, config.Image);
        Assert.Equal("b1", config.Labels?["buildfarm.check"]);
        Assert.Equal("none", host.NetworkMode);
    }

    [Fact]
    public async Task Should_leave_the_network_to_the_engine_when_none_is_named()
    {
        var (_, _, host) = await CreateAsync(gpus: false, network: null);

        Assert.Equal("default", host.NetworkMode);
    }
}
