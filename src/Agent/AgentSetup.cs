using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Features.Cache;
using BuildFarm.Agent.Features.Gpus;
using BuildFarm.Agent.Features.Health;
using BuildFarm.Agent.Features.Intake;
using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Agent.Features.Push;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using BuildFarm.Hosting;
using BuildFarm.Shared.Builds;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent;

public static class AgentSetup
{
    /// <summary>The agent's parts without the bus: what <c>describe</c> needs.</summary>
    public static IHostApplicationBuilder AddAgentCore(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AgentOptions>(builder.Configuration.GetSection("Agent"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        var farmData = FarmPaths.DataDir(builder.Configuration);
        builder.Services.AddSingleton(sp => AgentIdentity.Load(sp.GetRequiredService<IOptions<AgentOptions>>().Value, farmData));
        builder.Services.AddSingleton(sp => new EngineConnection(sp.GetRequiredService<IOptions<AgentOptions>>().Value.DockerHost));
        builder.Services.AddSingleton<EngineSystem>();
        builder.Services.AddSingleton<EngineImages>();
        builder.Services.AddSingleton<EngineContainers>();
        builder.Services.AddSingleton<EngineBuildCache>();
        builder.Services.AddSingleton(sp => new GpuDiscovery(sp.GetRequiredService<IOptions<AgentOptions>>().Value.NvidiaSmiPath));
        builder.Services.AddSingleton<BuildSlots>();
        builder.Services.AddSingleton<EngineHealth>();
        // In the core: what an agent reports as held includes results still waiting in it.
        builder.Services.AddSingleton(sp => new EventOutbox(Path.Combine(sp.GetRequiredService<AgentIdentity>().DataDir, "outbox.jsonl"),
            sp.GetRequiredService<IOptions<AgentOptions>>().Value.OutboxMemoryLimit));
        builder.Services.AddSingleton<AgentInfoCollector>();
        return builder;
    }

    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentCore();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            var work = o.WorkDir ?? Path.Combine(sp.GetRequiredService<AgentIdentity>().DataDir, "work");
            return new BuildRunner(sp.GetRequiredService<EngineSystem>(), sp.GetRequiredService<EngineImages>(), sp.GetRequiredService<EngineContainers>(),
                new BuildRunnerOptions(work, o.AllowLocalRepositories)
                {
                    NetworkMode = o.NetworkMode,
                    ContextLimits = new ContextLimits(o.MaxDockerfileBytes, o.MaxContextBytes, o.MaxContextFiles),
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<BuildRunner>>(),
                CheckoutCache.Open(Path.Combine(work, ".checkouts"), o.CheckoutCache));
        });
        builder.Services.AddSingleton(sp => new CacheKeeper(sp.GetRequiredService<AgentIdentity>(), sp.GetRequiredService<EngineBuildCache>(),
            sp.GetRequiredService<IOptions<AgentOptions>>().Value.CacheBudgetBytes, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CacheKeeper>>()));
        builder.Services.AddSingleton<AttemptGate>();
        builder.Services.AddSingleton<PushCredentialsClient>();
        builder.Services.AddSingleton<ImagePusher>();
        builder.Services.AddSingleton<BuildPush>();
        // Before the build loop, so it stops after it and keeps the loop's last events.
        builder.Services.AddHostedService<OutboxPublisher>();
        builder.Services.AddHostedService<HeartbeatService>();
        builder.Services.AddHostedService<EngineWatch>();
        builder.Services.AddHostedService<BuildWorker>();

        // Only this agent reads its own queue; ConfigureEndpoints must not give the consumers shared queues.
        builder.BusParts()
            .Register(x =>
            {
                x.AddConsumer<StartBuildConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<CancelBuildConsumer>().ExcludeFromConfigureEndpoints();
            })
            .Endpoint((context, cfg) =>
            {
                var id = context.GetRequiredService<AgentIdentity>();
                cfg.ReceiveEndpoint(AgentQueues.For(id.Id), e =>
                {
                    e.ConfigureConsumer<StartBuildConsumer>(context);
                    e.ConfigureConsumer<CancelBuildConsumer>(context);
                });
            });
        return builder;
    }
}
