using BuildFarm.Contracts;
using MassTransit;

namespace BuildFarm.Web.Features.Live;

sealed class AgentChangedConsumer(LiveUpdates live) : IConsumer<AgentChanged>
{
    public Task Consume(ConsumeContext<AgentChanged> context)
    {
        live.NotifyAgentChanged(context.Message.AgentId);
        return Task.CompletedTask;
    }
}
