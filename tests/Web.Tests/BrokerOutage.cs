using MassTransit;

namespace BuildFarm.Web.Tests;

/// <summary>Makes publishing fail the way an unreachable broker does, while <see cref="Down"/> is set.</summary>
public sealed class BrokerOutage : IPublishObserver
{
    public volatile bool Down;

    public Task PrePublish<T>(PublishContext<T> context) where T : class =>
        Down ? throw new InvalidOperationException("Broker unreachable: connection refused (127.0.0.1:5672)") : Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
