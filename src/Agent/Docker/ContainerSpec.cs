using Docker.DotNet.Models;

namespace BuildFarm.Agent.Docker;

/// <summary>What <c>POST /containers/create</c> gets for a one-shot command in an image.</summary>
/// <param name="Command">The argv, exec form: it becomes <c>Cmd</c> as is and no shell ever parses it.</param>
/// <param name="NetworkMode">"none" on the farm's engines, which run with --bridge=none.</param>
/// <param name="Gpus">Ask the engine's GPU driver (nvidia-container-toolkit) for every GPU of the host.</param>
public sealed record ContainerSpec(
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Labels,
    string? NetworkMode,
    bool Gpus)
{
    /// <summary>The create body. Entrypoint is an empty list, not left out: left out, the engine prepends the image's
    /// ENTRYPOINT (e.g. a <c>/bin/sh -c</c> or an entrypoint script) and the check would run as that script's
    /// arguments instead of as the command the user wrote. An empty (non-null) list is how the engine is told
    /// "no entrypoint", and the image's default CMD is then replaced by <see cref="Command"/>.</summary>
    public CreateContainerParameters ToParameters()
    {
        var host = new HostConfig();
        if (NetworkMode is not null)
            host.NetworkMode = NetworkMode;
        // Driver left empty so the engine picks the driver that offers "gpu" (what `docker run --gpus all` sends);
        // Count -1 means every device.
        if (Gpus)
            host.DeviceRequests = [new DeviceRequest { Driver = "", Count = -1, Capabilities = [["gpu"]] }];
        return new CreateContainerParameters
        {
            Image = Image,
            Cmd = [.. Command],
            Entrypoint = [],
            Labels = new Dictionary<string, string>(Labels),
            Tty = false,
            OpenStdin = false,
            AttachStdin = false,
            AttachStdout = false,
            AttachStderr = false,
            HostConfig = host,
        };
    }
}
