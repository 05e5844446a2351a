using MassTransit;

namespace BuildFarm.Web.Tests;

/// <summary>Makes publishing fail the way an unreachable broker does while <see cref="Down"/> is set, or hang the way a
/// broker that accepts connections but never answers does while <see cref="Hang"/> is set.</summary>
public sealed class BrokerOutage : IPublishObserver
{
    public volatile bool Down;

    TaskCompletionSource? _hang;

    /// <summary>Holds every publish until the returned handle is disposed.</summary>
    public IDisposable Hang()
    {
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hang = hang;
        return new Release(() =>
        {
            _hang = null;
            hang.TrySetResult();
        });
    }

    /// <summary>Publishes held by <see cref="Hang"/> so far.</summary>
    public int Held;

    public async Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (Down)
            throw new InvalidOperationException("Broker unreachable: connection refused (127.0.0.1:5672)");
        if (_hang is { } hang)
        {
            Interlocked.Increment(ref Held);
            await hang.Task;
        }
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
