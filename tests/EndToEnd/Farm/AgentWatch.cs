using System.Collections.Concurrent;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>Polls <c>GET /api/agents</c> until disposed and keeps every sighting of a watched agent that was not online:
/// a fault test's proof that no healthy agent was marked offline, even for a moment between its own checks.</summary>
public sealed class AgentWatch : IAsyncDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    readonly CancellationTokenSource stop = new();
    readonly ConcurrentQueue<string> lapses = new();
    readonly Task loop;
    int polls;

    AgentWatch(FarmApi api, IReadOnlyCollection<string> names) => loop = WatchAsync(api, names);

    public static AgentWatch Start(FarmApi api, params string[] names) => new(api, names);

    /// <summary>"time name=status" for each sighting of a watched agent in another state than online.</summary>
    public IReadOnlyList<string> Lapses => [.. lapses];
    /// <summary>Answers read, so a watch that never saw anything cannot pass for one that saw nothing wrong.</summary>
    public int Polls => Volatile.Read(ref polls);

    async Task WatchAsync(FarmApi api, IReadOnlyCollection<string> names)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var agents = await api.AgentsAsync();
                foreach (var name in names)
                {
                    var status = agents.FirstOrDefault(a => a.Name == name)?.Status ?? "missing";
                    if (status != "online")
                        lapses.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {name}={status}");
                }
                Interlocked.Increment(ref polls);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Web is not what this watches; a slow answer on a loaded machine is tried again.
            }
            await Task.Delay(Poll, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed early by a test that reads what it saw, and again at the end of its scope.
        if (!stop.IsCancellationRequested)
            await stop.CancelAsync();
        await loop;
    }
}
