using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent.Features.Intake;

public sealed class StartBuildConsumer(BuildSlots slots, ILogger<StartBuildConsumer> log) : IConsumer<StartBuild>
{
    public Task Consume(ConsumeContext<StartBuild> context)
    {
        var m = context.Message;
        if (!slots.TryAccept(m))
            log.LogInformation("Build {BuildId} attempt {Attempt} already taken; redelivery ignored", m.BuildId, m.Attempt);
        return Task.CompletedTask;
    }
}

public sealed class CancelBuildConsumer(BuildSlots slots, ILogger<CancelBuildConsumer> log) : IConsumer<CancelBuild>
{
    public Task Consume(ConsumeContext<CancelBuild> context)
    {
        var m = context.Message;
        if (slots.TryCancel(m.BuildId, m.Attempt))
            log.LogInformation("Build {BuildId} attempt {Attempt} cancelled: {Reason}", m.BuildId, m.Attempt, m.Reason ?? "cancelled by a user");
        else
            log.LogInformation("Build {BuildId} attempt {Attempt} not held here; cancel ignored", m.BuildId, m.Attempt);
        return Task.CompletedTask;
    }
}
