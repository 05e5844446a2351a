using System.Net;
using System.Net.Sockets;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Docker;

public class DockerEngineDownTests
{
    [Fact]
    public async Task Should_say_which_socket_refused_the_connection()
    {
        // A bound socket that does not listen refuses connections, exactly like a socket left behind by a dead dockerd.
        var path = Path.Combine(Path.GetTempPath(), $"bf-{Guid.NewGuid():N}.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var engine = new DockerEngine("unix://" + path);

            var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.GetInfoAsync());

            Assert.Equal($"Docker engine at unix://{path} is not answering: connection refused", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Should_say_when_there_is_no_socket_at_all()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bf-{Guid.NewGuid():N}.sock");
        using var engine = new DockerEngine("unix://" + path);

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.GetBuildCacheBytesAsync());

        Assert.StartsWith($"Docker engine at unix://{path} is not answering: ", e.Message);
    }

    [Fact]
    public async Task Should_say_which_tcp_address_refused_the_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var engine = new DockerEngine($"tcp://127.0.0.1:{port}");

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.GetVersionAsync());

        Assert.Equal($"Docker engine at tcp://127.0.0.1:{port} is not answering: connection refused", e.Message);
    }

    [Fact]
    public void Should_refuse_a_host_it_cannot_speak_to() =>
        Assert.Throws<ArgumentException>(() => new DockerEngine("npipe:////./pipe/docker_engine"));
}
