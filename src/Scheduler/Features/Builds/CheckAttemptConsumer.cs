using BuildFarm.Contracts;
using BuildFarm.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>Answers an agent about to start an attempt: a StartBuild may have waited in its queue while the build
/// moved on, and running it then would build the same image twice.</summary>
public sealed class CheckAttemptConsumer(FarmDbContext db) : IConsumer<CheckAttempt>
{
    public async Task Consume(ConsumeContext<CheckAttempt> context)
    {
        var m = context.Message;
        var build = await db.Builds.AsNoTracking().FirstOrDefaultAsync(b => b.Id == m.BuildId, context.CancellationToken);
        var why = AttemptStanding.WhyNotCurrent(build, m.Attempt, m.AgentId);
        await context.RespondAsync(new AttemptChecked(m.BuildId, m.Attempt, why is null, why));
    }
}
