using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

public sealed class BuildCancelRequestedConsumer(FarmDbContext db) : IConsumer<BuildCancelRequested>
{
    public async Task Consume(ConsumeContext<BuildCancelRequested> context)
    {
        var m = context.Message;
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == m.BuildId, context.CancellationToken);
        if (build is null || BuildStatus.IsFinal(build.Status))
            return;
        build.CancelRequested = true;
        if (build.Status == BuildStatus.Queued || build.AgentId is null)
        {
            build.FinishedAt = m.RequestedAt;
            build.WaitingReason = null;
            db.Record(build, BuildStatus.Cancelled, "Cancelled before it reached an agent", m.RequestedAt);
        }
        else
        {
            // The agent stops the engine's build and reports Cancelled; until then the build keeps its state.
            db.BuildEvents.Add(new BuildEvent
            {
                BuildId = build.Id, At = m.RequestedAt, Status = build.Status, Message = $"Cancel requested; asking {build.AgentId} to stop",
            });
            await context.Send(new Uri($"queue:{AgentQueues.For(build.AgentId)}"), new CancelBuild(build.Id, build.Attempt));
        }
        await db.SaveChangesAsync(context.CancellationToken);
        await context.AnnounceAsync(build);
    }
}
