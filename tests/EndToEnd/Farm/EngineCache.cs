using System.Net;
using System.Net.Sockets;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>Empties a test engine's build cache, so runs that are compared start equally cold, or removes the images a
/// run built, so a shared engine does not keep a bench's thousands of untagged images.</summary>
static class EngineCache
{
    public static async Task PruneAsync(string dockerHost)
    {
        using var http = Client(dockerHost);
        using var response = await http.PostAsync("build/prune?all=1", null);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"pruning {dockerHost}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Removes each image by id; one already gone (or still used by a container) is left as it is. Returns
    /// how many were removed.</summary>
    public static async Task<int> RemoveImagesAsync(string dockerHost, IEnumerable<string> imageIds)
    {
        using var http = Client(dockerHost);
        var removed = 0;
        foreach (var id in imageIds)
        {
            using var response = await http.DeleteAsync($"images/{Uri.EscapeDataString(id)}");
            if (response.IsSuccessStatusCode)
                removed++;
            else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"removing {id} from {dockerHost}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return removed;
    }

    static HttpClient Client(string dockerHost)
    {
        var uri = new Uri(dockerHost);
        var handler = new SocketsHttpHandler();
        if (uri.Scheme == "unix")
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(uri.Scheme == "unix" ? "http://engine/" : $"http://{uri.Authority}/"),
            Timeout = TimeSpan.FromMinutes(2),
        };
    }
}
