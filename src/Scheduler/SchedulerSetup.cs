using BuildFarm.Hosting;
using BuildFarm.Scheduler.Data;
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
        builder.Services.Configure<SchedulerOptions>(builder.Configuration.GetSection("Scheduler"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Placer>();
        builder.Services.AddSingleton<AgentRoster>();
        builder.Services.AddHostedService<LivenessMonitor>();
        builder.BusParts().Register(x =>
        {
            x.AddConsumer<BuildRequestedConsumer>();
            x.AddConsumer<BuildStartedConsumer>();
            x.AddConsumer<StepStartedConsumer>();
            x.AddConsumer<StepLoggedConsumer>();
            x.AddConsumer<StepCompletedConsumer>();
            x.AddConsumer<BuildFinishedConsumer>();
            x.AddConsumer<BuildCancelRequestedConsumer>();
            x.AddConsumer<AgentRegisteredConsumer>();
            x.AddConsumer<AgentHeartbeatConsumer>();
        });
        return builder;
    }
}
