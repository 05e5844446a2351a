using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Web.Tests.Features.Alerts;

/// <summary>A real HTTP endpoint on a free loopback port that refuses (503) its first <c>failures</c> requests and
/// takes the rest, keeping every body it was sent.</summary>
sealed class WebhookListener : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly Task _serving;
    readonly int _failures;
    int _requests;

    public WebhookListener(int failures)
    {
        _failures = failures;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<string> Bodies { get; } = new();

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            Bodies.Enqueue(await reader.ReadToEndAsync());
            context.Response.StatusCode = Interlocked.Increment(ref _requests) <= _failures ? 503 : 204;
            context.Response.Close();
        }
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Close after Stop looks the port up again to unregister from it, binds it anew when
        // Stop already let it go, and fails with "Address already in use" once another test holds the port (seen in CI).
        _listener.Close();
        await _serving;
    }
}
