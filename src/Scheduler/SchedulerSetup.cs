using BuildFarm.Hosting;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Scheduler.Features.Placement;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler;

public static class SchedulerSetup
{
    public static IHostApplicationBuilder AddScheduler(this IHostApplicationBuilder builder)
    {
        builder.AddFarmDb();
        builder.Services.AddOptions<SchedulerOptions>().Bind(builder.Configuration.GetSection("Scheduler"))
            .Validate(o => o.HeartbeatSeconds > 0, "Scheduler:HeartbeatSeconds must be more than 0")
            .Validate(o => o.MaxAttempts > 0, "Scheduler:MaxAttempts must be more than 0")
            .Validate(o => o.MaxQueuedPerAgent >= 0, "Scheduler:MaxQueuedPerAgent must be 0 or more")
            .Validate(o => o.HoldMarginSeconds >= 0, "Scheduler:HoldMarginSeconds must be 0 or more")
            .Validate(o => o.MaxQueueMinutes > 0, "Scheduler:MaxQueueMinutes must be more than 0")
            .Validate(o => o.LogBudgetBytes > 0, "Scheduler:LogBudgetBytes must be more than 0")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Placer>();
        builder.Services.AddSingleton<JoinGate>();
        builder.Services.AddSingleton<AgentRoster>();
        builder.Services.AddSingleton<HeartbeatHorizon>();
        builder.Services.AddHostedService<LivenessMonitor>();
        var parts = builder.BusParts();
        parts
            .Register(x =>
            {
                x.AddConsumer<BuildRequestedConsumer>();
                x.AddConsumer<BuildCancelRequestedConsumer>();
                x.AddConsumer<AgentRegisteredConsumer, AgentRegisteredConsumerDefinition>();
                // Silence is only judged while this endpoint can receive (see HeartbeatHorizon).
                x.AddConsumer<AgentHeartbeatConsumer, AgentHeartbeatConsumerDefinition>().Endpoint(e => e.AddConfigureEndpointCallback((context, cfg) =>
                    cfg.ConnectReceiveEndpointObserver(context.GetRequiredService<HeartbeatHorizon>())));
                x.AddConsumer<CheckAttemptConsumer>();
                x.AddConsumer<BuildStartedConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<StepStartedConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<StepLoggedConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<StepCompletedConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<BuildFinishedConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<AgentCacheReportedConsumer>().ExcludeFromConfigureEndpoints();
            })
            .Endpoint((context, cfg) => cfg.ReceiveEndpoint(BuildEventsQueue, e => ConfigureBuildEvents(context, e, parts)));
        return builder;
    }

    /// <summary>The agents' reports on their builds, in one queue.</summary>
    public const string BuildEventsQueue = "scheduler-build-events";

    /// <summary>
    /// An agent publishes a build's events in order (started, steps, finished); one queue consumed one message at a
    /// time keeps that order, so a build is never shown succeeded while its last steps are still on their way.
    /// Retries happen in place, holding the queue, for the same reason: while the database is away too, so the events
    /// an agent sent meanwhile are applied in order once it is back. Each event is one small write, so a single
    /// consumer keeps up with hundreds of events a second.
    /// </summary>
    static void ConfigureBuildEvents(IBusRegistrationContext context, IReceiveEndpointConfigurator e, FarmBusParts parts)
    {
        e.ConcurrentMessageLimit = 1;
        if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = 1;
        e.UseFarmRetry(parts, FarmRetry.Quick);
        e.ConfigureConsumer<BuildStartedConsumer>(context);
        e.ConfigureConsumer<StepStartedConsumer>(context);
        e.ConfigureConsumer<StepLoggedConsumer>(context);
        e.ConfigureConsumer<StepCompletedConsumer>(context);
        e.ConfigureConsumer<BuildFinishedConsumer>(context);
        e.ConfigureConsumer<AgentCacheReportedConsumer>(context);
    }
}
