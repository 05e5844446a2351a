using System.Net.Sockets;

namespace BuildFarm.Agent.Docker;

/// <summary>Turns a DOCKER_HOST style address into an HTTP client for the Engine API.</summary>
internal static class DockerEndpoint
{
    public static HttpClient CreateClient(string host)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socketPath = host["unix://".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            // The host name is never resolved: every connection goes to the socket.
            return new HttpClient(handler) { BaseAddress = new Uri("http://docker.sock/"), Timeout = Timeout.InfiniteTimeSpan };
        }

        if (host.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate("http://" + host["tcp://".Length..], UriKind.Absolute, out var tcp))
            return new HttpClient { BaseAddress = new Uri(tcp.GetLeftPart(UriPartial.Authority) + "/"), Timeout = Timeout.InfiniteTimeSpan };

        throw new ArgumentException($"Docker host '{host}' is not supported: use unix:///path/to/docker.sock or tcp://host:port", nameof(host));
    }
}
