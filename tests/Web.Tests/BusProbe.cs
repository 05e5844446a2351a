using System.Collections.Concurrent;
using BuildFarm.Contracts;
using MassTransit;

namespace BuildFarm.Web.Tests;

/// <summary>A real receive endpoint on the test bus that keeps every message Web publishes, so tests can wait for one.</summary>
public sealed class BusProbe
{
    readonly ConcurrentQueue<object> received = new();
    readonly SemaphoreSlim arrived = new(0);

    public async Task ConnectAsync(IBus bus)
    {
        var handle = bus.ConnectReceiveEndpoint("web-tests-probe", e =>
        {
            e.Handler<BuildRequested>(context => Record(context.Message));
            e.Handler<BuildCancelRequested>(context => Record(context.Message));
        });
        await handle.Ready;
    }

    public IReadOnlyList<T> All<T>() => received.OfType<T>().ToList();

    /// <summary>Waits until a matching message arrived, failing after the deadline rather than hanging.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (received.OfType<T>().FirstOrDefault(match) is { } found)
                return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No {typeof(T).Name} matching the test's condition was published in time.");
            await arrived.WaitAsync(left);
        }
    }

    Task Record(object message)
    {
        received.Enqueue(message);
        arrived.Release();
        return Task.CompletedTask;
    }
}
