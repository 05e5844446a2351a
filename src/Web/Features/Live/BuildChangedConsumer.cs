using BuildFarm.Contracts;
using MassTransit;

namespace BuildFarm.Web.Features.Live;

sealed class BuildChangedConsumer(LiveUpdates live) : IConsumer<BuildChanged>
{
    public Task Consume(ConsumeContext<BuildChanged> context)
    {
        live.NotifyBuildChanged(context.Message.BuildId, context.Message.Status);
        return Task.CompletedTask;
    }
}
