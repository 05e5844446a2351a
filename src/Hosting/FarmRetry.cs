using MassTransit;

namespace BuildFarm.Hosting;

/// <summary>
/// How consumers try a message again. Two kinds of failure need different patience: a conflict or a busy SQLite
/// writer clears in milliseconds, so it gets a few quick tries; a service that is away (the database restarting)
/// takes as long as it takes, so the message is held and tried every second until it is back. Giving up on it after
/// the quick tries would move an agent's report to an _error queue that nobody reads, and the farm would lose it.
/// </summary>
public static class FarmRetry
{
    /// <summary>How long a message is held while a service is away. RabbitMQ takes an unacknowledged message back
    /// after 30 minutes (its consumer timeout); past this a message goes to its _error queue, where an operator can
    /// move it back.</summary>
    public static readonly TimeSpan AwayLimit = TimeSpan.FromMinutes(20);

    static readonly TimeSpan AwayInterval = TimeSpan.FromSeconds(1);

    /// <summary>The quick tries most endpoints use.</summary>
    public static void Quick(IRetryConfigurator r) =>
        r.Incremental(8, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    /// <summary>Holds a message while a service is away (outer), and gives every other failure <paramref name="quick"/>
    /// tries (inner), which pass an away service straight out so the two never multiply.</summary>
    public static void UseFarmRetry(this IConsumePipeConfigurator endpoint, FarmBusParts parts, Action<IRetryConfigurator> quick)
    {
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(parts.IsAway);
            r.Interval((int)(AwayLimit / AwayInterval), AwayInterval);
        });
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(parts.IsAway);
            quick(r);
        });
    }
}
