using BuildFarm.Contracts;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>Web stored the build before publishing; placing is a pass over the queue, so a redelivery is harmless.</summary>
public sealed class BuildRequestedConsumer(Placer placer) : IConsumer<BuildRequested>
{
    public Task Consume(ConsumeContext<BuildRequested> context) => placer.PlaceQueuedAsync(context.CancellationToken);
}
