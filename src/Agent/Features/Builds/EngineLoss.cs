using System.Net.Sockets;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Tells a build the engine lost (it died, or stopped answering) from one the Dockerfile failed: only the
/// second is the user's to fix; the first is run again elsewhere.</summary>
public static class EngineLoss
{
    /// <summary>Whether a build call or its stream broke at the transport: refused connections, a stream that ended
    /// prematurely, a timeout. An engine that answered with a status (a bad Dockerfile, a missing image) is no loss.</summary>
    public static bool IsTransport(Exception e) => e switch
    {
        DockerEngineException engine => engine.StatusCode is null,
        IOException or HttpRequestException or SocketException or TimeoutException => true,
        _ => false,
    };
}
