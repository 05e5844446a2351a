using System.Diagnostics;
using BuildFarm.Data;
using BuildFarm.Hosting;
using BuildFarm.Scheduler.Features.Placement;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler.Benchmarks.Farm;

/// <summary>
/// The scheduler as it runs in production, on one database: AddScheduler and AddFarmBus (in memory, so agents' queues
/// fill without a broker) on a host that migrates its database at start. Passes are timed through the Placer itself.
/// </summary>
sealed class BenchFarm : IAsyncDisposable
{
    readonly IHost _host;
    readonly StatementCounter _counter = new();

    BenchFarm(BenchDatabase database, bool byStatement)
    {
        Database = database;
        _counter.ByStatement = byStatement;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        // The liveness monitor places on a timer of half a heartbeat; an hour's heartbeat keeps it out of the timings.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Scheduler:HeartbeatSeconds"] = "3600" });
        builder.Services.AddSingleton<TimeProvider>(new FrozenClock(FrozenClock.Now));
        builder.AddScheduler();
        builder.AddFarmBus();
        if (database.Provider == DatabaseProvider.Sqlite)
            builder.Services.ConfigureDbContext<SqliteFarmDbContext>(o => o.AddInterceptors(_counter));
        else
            builder.Services.ConfigureDbContext<PostgresFarmDbContext>(o => o.AddInterceptors(_counter));
        _host = builder.Build();
        Placer = _host.Services.GetRequiredService<Placer>();
    }

    public BenchDatabase Database { get; }
    public Placer Placer { get; }
    public string Name => Database.Name;

    /// <param name="byStatement">Keep each statement's time by its SQL, to tell which one costs what.</param>
    public static async Task<BenchFarm> StartAsync(BenchDatabase database, bool byStatement)
    {
        var farm = new BenchFarm(database, byStatement);
        await farm._host.StartAsync();
        // The host does not wait for the bus (a farm must come up while its broker is down); a pass must not send first.
        using var started = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await farm._host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, started.Token);
        return farm;
    }

    public async Task<T> WithDbAsync<T>(Func<FarmDbContext, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    public Task WithDbAsync(Func<FarmDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    /// <summary>One pass, timed from the call to its return, with the statements it sent.</summary>
    public async Task<(TimeSpan Elapsed, Statements Statements)> PassAsync()
    {
        _counter.Take();
        var watch = Stopwatch.StartNew();
        await Placer.PlaceQueuedAsync(CancellationToken.None);
        watch.Stop();
        return (watch.Elapsed, _counter.Take());
    }

    /// <summary>Untimed work (seeding) whose statements must not count towards the next pass.</summary>
    public void ForgetStatements() => _counter.Take();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Database.DisposeAsync();
    }
}
