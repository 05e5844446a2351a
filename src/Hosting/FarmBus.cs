using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Hosting;

/// <summary>
/// MassTransit allows one AddMassTransit per container, yet Web, Scheduler and Agent each bring consumers and the
/// single-process farm hosts all three. So each AddX() adds its part here and AddFarmBus() registers them together.
/// </summary>
public sealed class FarmBusParts
{
    internal List<Action<IBusRegistrationConfigurator>> Registrations { get; } = [];
    internal List<Action<IBusRegistrationContext, IBusFactoryConfigurator>> Endpoints { get; } = [];
    readonly List<Func<Exception, bool>> _away = [];

    /// <summary>Names failures that mean a service the consumers need is away (the database), not that the message is
    /// wrong: consumers hold such a message and try it again until the service is back (<see cref="FarmRetry"/>).</summary>
    public FarmBusParts RetryWhileAway(Func<Exception, bool> away)
    {
        _away.Add(away);
        return this;
    }

    public bool IsAway(Exception e) => _away.Any(away => away(e));

    public FarmBusParts Register(Action<IBusRegistrationConfigurator> registration)
    {
        Registrations.Add(registration);
        return this;
    }

    /// <summary>Applies every registration to one configurator (AddFarmBus, or a test harness).</summary>
    public void ConfigureRegistrations(IBusRegistrationConfigurator configurator)
    {
        foreach (var registration in Registrations)
            registration(configurator);
    }

    /// <summary>Configures the parts' own endpoints, then every other consumer on its kebab-case endpoint.</summary>
    public void ConfigureEndpoints<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        foreach (var endpoint in Endpoints)
            endpoint(context, cfg);
        cfg.ConfigureEndpoints(context);
    }

    /// <summary>Endpoints that ConfigureEndpoints must not name, such as an agent's own queue.</summary>
    public FarmBusParts Endpoint(Action<IBusRegistrationContext, IBusFactoryConfigurator> endpoint)
    {
        Endpoints.Add(endpoint);
        return this;
    }
}

public static class FarmBus
{
    public static FarmBusParts BusParts(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(FarmBusParts), out var existing))
            return (FarmBusParts)existing;
        var parts = new FarmBusParts();
        builder.Properties[typeof(FarmBusParts)] = parts;
        return parts;
    }

    public static IHostApplicationBuilder AddFarmBus(this IHostApplicationBuilder builder)
    {
        var parts = builder.BusParts();
        var options = builder.Configuration.GetSection("Bus").Get<BusOptions>() ?? new BusOptions();
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // Do not hold the host back while the broker is down: the dashboard must come up and say so, and
            // builds submitted meanwhile wait in Web's outbox. Give running consumers time to finish on shutdown.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4 reports usage to its vendor on start; farms are often offline and owe no one that.
            x.DisableUsageTelemetry();
            // Consumers write with optimistic checks and SQLite has one writer: a conflict or a busy database is
            // resolved by running the (idempotent) consumer again on fresh state.
            x.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseFarmRetry(parts, FarmRetry.Quick));
            parts.ConfigureRegistrations(x);

            if (options.IsRabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(options.RabbitMq.Uri));
                    parts.ConfigureEndpoints(context, cfg);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => parts.ConfigureEndpoints(context, cfg));
            }
        });
        return builder;
    }
}
