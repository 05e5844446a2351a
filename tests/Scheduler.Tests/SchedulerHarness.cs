using BuildFarm.Contracts;
using BuildFarm.Hosting;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Agents;
using BuildFarm.Shared.Builds;
using MassTransit;
using MassTransit.Testing;
using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler.Tests;

/// <summary>The scheduler's real consumers on MassTransit's in-memory test harness, over a real database of their own
/// (SQLite, or PostgreSQL when scripts/test.sh runs this tier for it).</summary>
public sealed class SchedulerHarness : IAsyncDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("farm-scheduler-").FullName;
    readonly IHost _host;
    readonly TestDatabase _database;

    public ManualClock Clock { get; } = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
    public ITestHarness Bus { get; }
    public IServiceProvider Services => _host.Services;

    SchedulerHarness(TestDatabase database, IReadOnlyDictionary<string, string?>? settings)
    {
        _database = database;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Farm:DataDir"] = _dir,
            ["Scheduler:HeartbeatSeconds"] = "10",
            ["Scheduler:MaxAttempts"] = "3",
            // Its agents join the way the run command's do, with a token from configuration: join tokens stay required.
            ["Scheduler:JoinToken"] = JoinToken,
        });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.AddScheduler();
        var parts = builder.BusParts();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            parts.ConfigureRegistrations(x);
            x.UsingInMemory((context, cfg) => parts.ConfigureEndpoints(context, cfg));
        });
        _host = builder.Build();
        Bus = _host.Services.GetTestHarness();
    }

    /// <param name="settings">Configuration on top of the defaults ("Scheduler:Placement" = "RoundRobin", say).</param>
    public static async Task<SchedulerHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new SchedulerHarness(await TestDatabase.CreateAsync(), settings);
        await harness.Bus.Start();
        return harness;
    }

    public async Task<T> WithDbAsync<T>(Func<FarmDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    public Task<Build> BuildAsync(Guid id) =>
        WithDbAsync(db => db.Builds.AsNoTracking().Include(b => b.Steps).Include(b => b.Events).Include(b => b.Attempts)
            .AsSplitQuery().SingleAsync(b => b.Id == id));

    /// <summary>The build's stored log batches in reading order.</summary>
    public Task<List<BuildLogChunk>> ChunksAsync(Guid id) =>
        WithDbAsync(db => db.BuildLogChunks.AsNoTracking().Where(c => c.BuildId == id)
            .OrderBy(c => c.Attempt).ThenBy(c => c.StepIndex).ThenBy(c => c.Seq).ToListAsync());

    /// <summary>Fails if a consumer gave up on a message, naming the agents' build events first.</summary>
    public async Task AssertNoFaultsAsync()
    {
        Assert.False(await Bus.Published.Any<Fault<BuildStarted>>(), "a BuildStarted faulted");
        Assert.False(await Bus.Published.Any<Fault<StepStarted>>(), "a StepStarted faulted");
        Assert.False(await Bus.Published.Any<Fault<StepLogged>>(), "a StepLogged faulted");
        Assert.False(await Bus.Published.Any<Fault<StepCompleted>>(), "a StepCompleted faulted");
        Assert.False(await Bus.Published.Any<Fault<BuildFinished>>(), "a BuildFinished faulted");
        // Say which consumer faulted and why, so a fault seen once in CI can be read from its log.
        if (await Bus.Published.Any<Fault>())
            Assert.Fail("a consumer faulted: " + string.Join(" | ", Bus.Published.Select<Fault>()
                .SelectMany(f => f.Context.Message.Exceptions).Select(e => $"{e.ExceptionType}: {e.Message}")));
    }

    /// <summary>Stores a queued build the way Web does, then publishes BuildRequested.</summary>
    /// <param name="shape">Sets what the test needs on the stored build (no-cache, a release's plan).</param>
    public async Task<Guid> QueueAsync(Action<Build>? shape = null)
    {
        var id = Guid.NewGuid();
        var build = new Build
        {
            Id = id, Repository = "https://git.example/ml/trainer.git", Ref = "main", QueuedAt = Clock.GetUtcNow(),
            Status = BuildStatus.Queued, Dispatched = true,
        };
        shape?.Invoke(build);
        await WithDbAsync(async db =>
        {
            db.Builds.Add(build);
            return await db.SaveChangesAsync();
        });
        await Bus.Bus.Publish(new BuildRequested(id, build.Spec(), Clock.GetUtcNow()));
        return id;
    }

    public static readonly BuildSpec Spec = new(
        "https://git.example/ml/trainer.git", "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false);

    public static AgentInfo Agent(string id, int capacity = 1, params Guid[] running) => new(
        id, id, new Dictionary<string, string>(), "linux", "x86_64", "20.10.24", "overlay2", null, 0, capacity, running, [],
        null, null, null, "test");

    public LivenessMonitor Liveness => Services.GetServices<IHostedService>().OfType<LivenessMonitor>().Single();

    /// <summary>Lets time pass the way it does for a running scheduler: the liveness sweep runs every period. A single
    /// jump of the clock instead reads as a stalled process, whose horizon starts again.</summary>
    public async Task PassAsync(TimeSpan span)
    {
        var period = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulerOptions>>().Value.SweepPeriod;
        for (var left = span; left > TimeSpan.Zero; left -= period)
        {
            Clock.Advance(left < period ? left : period);
            await Liveness.SweepAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits until a message was sent. The harness's own Any gives up once the bus has been idle a moment, as it
    /// is after a test waited on the database.</summary>
    public Task<bool> SentAsync<T>(Func<T, bool> condition) where T : class =>
        EventuallyAsync(() => Bus.Sent.Select<T>(s => condition(s.Context.Message)).Any());

    /// <summary>Waits until a consumer has finished with a message. The harness's own Any gives up after a second of
    /// quiet, shorter than a first consume on a cold PostgreSQL database (seen in CI).</summary>
    public Task<bool> ConsumedAsync<T>(Func<T, bool>? condition = null) where T : class =>
        EventuallyAsync(() => Bus.Consumed.Select<T>(c => condition?.Invoke(c.Context.Message) ?? true).Any());

    /// <summary>Waits until a consumer has finished with <paramref name="times"/> messages that match: a redelivery is
    /// the same message again.</summary>
    public Task<bool> ConsumedAsync<T>(int times, Func<T, bool> condition) where T : class =>
        EventuallyAsync(() => Bus.Consumed.Select<T>(c => condition(c.Context.Message)).Count() >= times);

    static async Task<bool> EventuallyAsync(Func<bool> seen)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!seen())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(25);
        }
        return true;
    }

    /// <summary>The join token the harness's scheduler is configured with.</summary>
    public const string JoinToken = "bfj_harness-join-token";

    /// <summary>Publishes an agent's registration and waits until it is stored. The harness's own wait for a consumed
    /// message gives up after a second of quiet, shorter than a first consume on a cold database (seen in CI).</summary>
    /// <param name="joinToken">What the agent presents: the harness's own token unless a test says otherwise.</param>
    public async Task RegisterAsync(AgentInfo agent, DateTimeOffset? at = null, string? joinToken = JoinToken)
    {
        await Bus.Bus.Publish(new AgentRegistered(agent, at ?? Clock.GetUtcNow(), joinToken));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await WithDbAsync(db => db.Agents.AnyAsync(a => a.Id == agent.Id)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Agent {agent.Id} was never stored");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the stored build satisfies a condition; consumers run asynchronously.</summary>
    public async Task<Build> WaitForAsync(Guid id, Func<Build, bool> condition, string what)
    {
        // Generous: CI shares two cores with real engines and brokers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var build = await BuildAsync(id);
            if (condition(build))
                return build;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Build {id} never became {what}; it is {build.Status} ({build.WaitingReason})");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        _host.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
