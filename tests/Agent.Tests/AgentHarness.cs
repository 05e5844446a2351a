using BuildFarm.Agent.Features.Intake;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using BuildFarm.Hosting;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Agent.Tests;

/// <summary>The whole agent (registration, heartbeat, intake, builds, cache reports) on MassTransit's in-memory test
/// harness, building on a real engine.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    readonly IHost _host;

    AgentHarness(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAgent();
        var parts = builder.BusParts();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            parts.ConfigureRegistrations(x);
            // The scheduler's side of the attempt check, answered as each test decides; no answer is a scheduler away.
            x.AddHandler<CheckAttempt>(async context =>
            {
                Interlocked.Increment(ref _checks);
                if (Answer(context.Message) is { } answer)
                    await context.RespondAsync(answer);
            });
            x.UsingInMemory((context, cfg) => parts.ConfigureEndpoints(context, cfg));
        });
        _host = builder.Build();
        Bus = _host.Services.GetTestHarness();
    }

    int _checks;

    public ITestHarness Bus { get; }

    /// <summary>How the stand-in scheduler answers <see cref="CheckAttempt"/>: current by default; null leaves it unanswered.</summary>
    public Func<CheckAttempt, AttemptChecked?> Answer { get; set; } = q => new AttemptChecked(q.BuildId, q.Attempt, true, null);

    /// <summary>How many times the agent has asked whether an attempt is current.</summary>
    public int Checks => Volatile.Read(ref _checks);

    public BuildSlots Slots => _host.Services.GetRequiredService<BuildSlots>();

    public IServiceProvider Services => _host.Services;

    public string AgentId => _host.Services.GetRequiredService<AgentIdentity>().Id;

    /// <param name="dockerHost">The engine to build on.</param>
    /// <param name="dataDir">The agent's data folder: its id and cache inventory live there, so a second harness on the
    /// same folder is the same agent restarted.</param>
    /// <param name="settings">Agent configuration on top (e.g. "Agent:CacheBudgetBytes").</param>
    public static async Task<AgentHarness> StartAsync(string dockerHost, string dataDir, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Farm:DataDir"] = dataDir,
            ["Agent:DataDir"] = dataDir,
            ["Agent:DockerHost"] = dockerHost,
            ["Agent:AllowLocalRepositories"] = "true",
            ["Agent:NvidiaSmiPath"] = Path.Combine(dataDir, "no-nvidia-smi"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var harness = new AgentHarness(all);
        await harness._host.StartAsync();
        return harness;
    }

    /// <summary>The first published <typeparamref name="T"/> that matches, waiting for it until the deadline (a build on a
    /// cold engine takes seconds).</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool>? match = null, TimeSpan? within = null) where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            if (Bus.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(m => match?.Invoke(m) ?? true) is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {typeof(T).Name} published within {within ?? TimeSpan.FromMinutes(2)}");
            await Task.Delay(50);
        }
    }

    public async Task SendAsync<T>(T message) where T : class
    {
        var endpoint = await Bus.Bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.For(AgentId)}"));
        await endpoint.Send(message);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not true within {within ?? TimeSpan.FromMinutes(1)}: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Fails if a consumer or handler gave up on a message.</summary>
    public async Task AssertNoFaultsAsync()
    {
        Assert.False(await Bus.Published.Any<Fault<CheckAttempt>>(), "a CheckAttempt faulted");
        Assert.False(await Bus.Published.Any<Fault<StartBuild>>(), "a StartBuild faulted");
        Assert.False(await Bus.Published.Any<Fault<CancelBuild>>(), "a CancelBuild faulted");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
