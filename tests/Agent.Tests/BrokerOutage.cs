using MassTransit;

namespace BuildFarm.Agent.Tests;

/// <summary>Makes every publish fail, the way an unreachable broker does, while <see cref="Down"/> is set.</summary>
public sealed class BrokerOutage : IPublishObserver
{
    volatile bool _down;
    int _refused;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Publishes refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (!_down)
            return Task.CompletedTask;
        Interlocked.Increment(ref _refused);
        throw new InvalidOperationException("Broker unreachable: connection refused (127.0.0.1:5672)");
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
