using System.Net;
using System.Net.Sockets;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

/// <summary>An engine that is down or silent: every call says which engine, and why, in words fit for the Agents page.</summary>
public sealed class EngineFailureTests : IDisposable
{
    readonly string _socket = Path.Combine(Path.GetTempPath(), $"bf-{Guid.NewGuid():N}.sock");

    public void Dispose() => File.Delete(_socket);

    [Fact]
    public async Task Should_say_which_socket_refused_the_connection()
    {
        // A bound socket that does not listen refuses connections, exactly like a socket left behind by a dead dockerd.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_socket));
        using var engine = new TestEngine("unix://" + _socket);

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.System.GetInfoAsync());

        Assert.Equal($"Docker engine at unix://{_socket} is not answering: connection refused", e.Message);
    }

    [Fact]
    public async Task Should_say_when_there_is_no_socket_at_all()
    {
        using var engine = new TestEngine("unix://" + _socket);

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.BuildCache.GetBytesAsync());

        Assert.Equal($"Docker engine at unix://{_socket} is not answering: there is no socket at {_socket}", e.Message);
    }

    [Fact]
    public async Task Should_say_which_tcp_address_refused_the_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var engine = new TestEngine($"tcp://127.0.0.1:{port}");

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.System.GetVersionAsync());

        Assert.Equal($"Docker engine at tcp://127.0.0.1:{port} is not answering: connection refused", e.Message);
    }

    [Fact]
    public async Task Should_say_which_engine_took_the_request_and_never_answered()
    {
        // A listening socket nobody serves: the connection is made and the request sent, and no answer ever comes.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_socket));
        socket.Listen();
        using var engine = new TestEngine("unix://" + _socket, requestTimeout: TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<DockerEngineException>(() => engine.Containers.ListAsync("buildfarm.check").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal($"Docker engine at unix://{_socket} is not answering: no reply within 00:00:01", e.Message);
    }

    [Fact]
    public async Task Should_leave_a_cancellation_the_caller_asked_for_a_cancellation()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_socket));
        socket.Listen();
        using var engine = new TestEngine("unix://" + _socket);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.System.GetInfoAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
