using BuildFarm.Data;
using BuildFarm.Hosting;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// An agent's first heartbeat can reach the scheduler while its registration is still being written (two endpoints,
/// consumed side by side): both insert the same new agent, and one loses on the key. Tried again a moment later it
/// finds the row; without the retry it faulted, and the next heartbeat only came seconds later. A database that is away
/// is passed straight out to the farm's own retry (<see cref="FarmRetry"/>), which holds the report until it is back.
/// </summary>
public sealed class AgentRegisteredConsumerDefinition : ConsumerDefinition<AgentRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AgentRegisteredConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(AgentReportRetry.Quick);
}

/// <inheritdoc cref="AgentRegisteredConsumerDefinition"/>
public sealed class AgentHeartbeatConsumerDefinition : ConsumerDefinition<AgentHeartbeatConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AgentHeartbeatConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(AgentReportRetry.Quick);
}

static class AgentReportRetry
{
    public static void Quick(IRetryConfigurator r)
    {
        r.Ignore<Exception>(DatabaseOutage.Is);
        r.Incremental(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
    }
}
