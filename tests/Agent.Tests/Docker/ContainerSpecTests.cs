using System.Text.Json;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Docker;

/// <summary>The create body. GPUs are the one fake here: no engine on these machines has a GPU driver, so the
/// DeviceRequests the engine would get are checked as JSON.</summary>
public class ContainerSpecTests
{
    static JsonElement Body(bool gpus, string? network = "none") => JsonDocument.Parse(new ContainerSpec("sha256:abc",
        ["python", "-c", "import torch; assert torch.cuda.is_available()"],
        new Dictionary<string, string> { ["buildfarm.check"] = "b1" }, network, gpus).ToJson()).RootElement;

    [Fact]
    public void Should_request_every_gpu_through_the_gpu_capability_when_asked()
    {
        var request = Assert.Single(Body(gpus: true).GetProperty("HostConfig").GetProperty("DeviceRequests").EnumerateArray());

        Assert.Equal("", request.GetProperty("Driver").GetString());
        Assert.Equal(-1, request.GetProperty("Count").GetInt32());
        var capabilities = request.GetProperty("Capabilities").EnumerateArray().Select(and => and.EnumerateArray().Select(c => c.GetString()).ToList()).ToList();
        Assert.Equal([["gpu"]], capabilities);
    }

    [Fact]
    public void Should_request_no_devices_without_gpus()
    {
        Assert.False(Body(gpus: false).GetProperty("HostConfig").TryGetProperty("DeviceRequests", out _));
    }

    [Fact]
    public void Should_send_the_argv_as_Cmd_with_the_entrypoint_cleared_and_no_tty()
    {
        var body = Body(gpus: false);

        Assert.Equal(["python", "-c", "import torch; assert torch.cuda.is_available()"],
            body.GetProperty("Cmd").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Entrypoint").ValueKind);
        Assert.Equal(0, body.GetProperty("Entrypoint").GetArrayLength());
        Assert.False(body.GetProperty("Tty").GetBoolean());
        Assert.Equal("sha256:abc", body.GetProperty("Image").GetString());
        Assert.Equal("b1", body.GetProperty("Labels").GetProperty("buildfarm.check").GetString());
        Assert.Equal("none", body.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
    }
}
