using System.Net.Sockets;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>Empties a test engine's build cache, so runs that are compared start equally cold.</summary>
static class EngineCache
{
    public static async Task PruneAsync(string dockerHost)
    {
        var uri = new Uri(dockerHost);
        using var handler = new SocketsHttpHandler();
        if (uri.Scheme == "unix")
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        using var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(uri.Scheme == "unix" ? "http://engine/" : $"http://{uri.Authority}/"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        using var response = await http.PostAsync("build/prune?all=1", null);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"pruning {dockerHost}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
