using BuildFarm.Contracts;
using BuildFarm.Data;
using MassTransit;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>Mirrors what an agent says its cache holds. On the build-events queue, behind the build's own events, so
/// the keys a build proved are in place before the report that may drop some of them.</summary>
public sealed class AgentCacheReportedConsumer(FarmDbContext db) : IConsumer<AgentCacheReported>
{
    public async Task Consume(ConsumeContext<AgentCacheReported> context)
    {
        await CacheInventory.ApplyAsync(db, context.Message, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        await CacheInventory.RecountAsync(db, context.Message.AgentId, context.CancellationToken);
    }
}
