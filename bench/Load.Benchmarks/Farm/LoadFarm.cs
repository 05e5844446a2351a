using System.Net.Http.Headers;
using BuildFarm.Data;
using BuildFarm.EndToEnd.Farm;
using BuildFarm.Load.Benchmarks.Readout;
using BuildFarm.Testing;

namespace BuildFarm.Load.Benchmarks.Farm;

/// <summary>
/// The farm under load: Web, the Scheduler and the agents as separate processes (the end-to-end tests' <see
/// cref="FarmFixture"/>), on a virtual host of their own on the shared RabbitMQ and a database of their own on the
/// shared PostgreSQL, created here and dropped at the end. Agents are spread over the shared engines in turn, so
/// several share one engine. They join with the join token the scheduler is configured with, as the run command's do.
/// </summary>
sealed class LoadFarm : IAsyncDisposable
{
    /// <summary>The product's default beat (the end-to-end farm beats every 2 s to notice lost agents in seconds): what
    /// a site runs, and what sets how often heartbeats ask the scheduler for a placement pass.</summary>
    const string HeartbeatSeconds = "10";
    /// <summary>As the run command's distributed farm starts its agents (<c>FARM_AGENT_NICE</c>, scripts/lib/farm.sh).</summary>
    const int AgentNice = 10;

    readonly FarmFixture _farm;
    readonly bool _keepDatabase;

    LoadFarm(FarmFixture farm, TestDatabase database, IReadOnlyDictionary<string, string> engines, HttpClient pages, bool keepDatabase)
    {
        _farm = farm;
        _keepDatabase = keepDatabase;
        Database = database;
        Engines = engines;
        Pages = pages;
    }

    public TestDatabase Database { get; }
    /// <summary>Agent name → Docker host.</summary>
    public IReadOnlyDictionary<string, string> Engines { get; }
    public FarmApi Api => _farm.Api;
    /// <summary>The dashboard and the API with the admin's bearer token; redirects are answers to time, not to follow
    /// (a redirect to a sign-in page is a page not served).</summary>
    public HttpClient Pages { get; }
    public string RunDir => _farm.RunDir;
    public string Log(string part) => _farm.Log(part);

    /// <summary>Each part's process id now ("web", "scheduler", each agent's name).</summary>
    public IReadOnlyDictionary<string, int> ProcessIds() =>
        _farm.Processes.Where(p => p.Value.Id is not null).ToDictionary(p => p.Key, p => p.Value.Id!.Value);

    public static async Task<LoadFarm> StartAsync(LoadOptions options, TestServices services)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var engines = Enumerable.Range(0, options.Agents)
            .ToDictionary(i => $"load-agent-{i + 1:00}", i => services.DockerHosts[i % services.DockerHosts.Count]);
        var farm = new FarmFixture("load", engines, new Dictionary<string, string>
        {
            ["Scheduler__HeartbeatSeconds"] = HeartbeatSeconds,
            [PlacementPasses.LogCategory] = "Debug",
        })
        {
            Database = database.Settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!),
            // The end-to-end farm re-resolves base tags at once because its tests re-push them; a site keeps the default.
            WebSettings = new Dictionary<string, string>
            {
                ["Registries__CacheSeconds"] = "60",
                [ServerTimes.LogCategory] = "Information",
            },
            AgentSettings = options.CheckoutCache is { } checkouts
                ? new Dictionary<string, string> { ["Agent__HeartbeatSeconds"] = HeartbeatSeconds, ["Agent__CheckoutCache"] = $"{checkouts}" }
                : new Dictionary<string, string> { ["Agent__HeartbeatSeconds"] = HeartbeatSeconds },
            AgentNice = AgentNice,
        };
        try
        {
            await farm.InitializeAsync();
        }
        catch
        {
            await farm.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
        var token = (await File.ReadAllTextAsync(Path.Combine(farm.DataDir, "admin.token"))).Trim();
        var pages = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = farm.WebUrl,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
        return new LoadFarm(farm, database, engines, pages, options.KeepDatabase);
    }

    public GitRepository NewRepository(string name) => _farm.NewRepository(name);

    public async ValueTask DisposeAsync()
    {
        Pages.Dispose();
        await _farm.DisposeAsync();
        if (_keepDatabase)
            Console.WriteLine($"The run's database is kept: {Database.ConnectionString}");
        else
            await Database.DisposeAsync();
    }
}
