using System.Net;
using System.Net.Sockets;

namespace BuildFarm.EndToEnd.Farm;

[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmFixture>
{
    public const string Name = "farm";
}

/// <summary>The farm as separate processes, the way a team deploys it: Web (no embedded parts), the Scheduler and two
/// Agents, each agent on its own Docker engine, all over real RabbitMQ, with SQLite in a data folder of this run.</summary>
/// <remarks>Tests that need another shape of farm (more agents, another placement policy) start their own with
/// <see cref="FarmFixture(string, IReadOnlyDictionary{string, string}, IReadOnlyDictionary{string, string})"/>.</remarks>
public sealed class FarmFixture : IAsyncLifetime
{
    public const string AgentA = "e2e-agent-a";
    public const string AgentB = "e2e-agent-b";

    readonly string _name;
    readonly IReadOnlyDictionary<string, string>? _agentEngines;
    readonly IReadOnlyDictionary<string, string> _schedulerSettings;

    public FarmFixture() : this("e2e", null, new Dictionary<string, string>())
    {
    }

    /// <param name="name">Names the run folder and the broker's virtual host.</param>
    /// <param name="agentEngines">Agent name → Docker host; null for the two agents on <see cref="TestServices.AgentEngines"/>;
    /// empty for a farm whose agents the test adds itself (<see cref="AddAgentAsync"/>).</param>
    /// <param name="schedulerSettings">Scheduler configuration ("Scheduler__Placement" = "RoundRobin", say).</param>
    internal FarmFixture(string name, IReadOnlyDictionary<string, string>? agentEngines, IReadOnlyDictionary<string, string> schedulerSettings)
    {
        _name = name;
        _agentEngines = agentEngines;
        _schedulerSettings = schedulerSettings;
        RunDir = Path.Combine(RepositoryRoot.Path, ".farm-test", name, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24]);
    }
    /// <summary>Short beats so a lost agent is noticed in seconds (offline after three missed beats).</summary>
    const int HeartbeatSeconds = 2;
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly Dictionary<string, FarmProcess> processes = [];
    readonly Dictionary<string, string> engines = [];
    readonly Dictionary<string, IReadOnlyDictionary<string, string>> agentSettings = [];
    RabbitMqVirtualHost? broker;

    /// <summary>Runs the farm on a RabbitMQ node of its own (<see cref="Broker"/>) that a fault test may stop and start,
    /// instead of a virtual host on the shared node, which other tests use and must never go down.</summary>
    public bool OwnBroker { get; init; }
    /// <summary>The farm's own node when <see cref="OwnBroker"/>; its data and logs are in the run folder.</summary>
    public PrivateRabbitMq? Broker { get; private set; }

    public TestServices? Services { get; } = TestServices.FromEnvironment();
    /// <summary>Database settings every part gets ("Database__Provider" = "postgres", "ConnectionStrings__Farm" = …);
    /// none: SQLite in the data folder.</summary>
    internal IReadOnlyDictionary<string, string> Database { get; init; } = new Dictionary<string, string>();
    /// <summary>Web's own configuration on top ("Scheduler__BaseWatchMinutes" = "0.05", say).</summary>
    internal IReadOnlyDictionary<string, string> WebSettings { get; init; } = new Dictionary<string, string>();
    /// <summary>Every agent's configuration on top, under each agent's own settings ("Agent__HeartbeatSeconds" = "10", say).</summary>
    internal IReadOnlyDictionary<string, string> AgentSettings { get; init; } = new Dictionary<string, string>();
    /// <summary>The agents' niceness (the run command's distributed farm starts them at <c>FARM_AGENT_NICE</c>, 10 unless
    /// set); 0, the default here: the test runner's own, so the tests' timings do not depend on it.</summary>
    internal int AgentNice { get; init; }
    /// <summary>The farm's processes by part ("web", "scheduler", each agent's name), for a bench that reads their memory.</summary>
    internal IReadOnlyDictionary<string, FarmProcess> Processes => processes;
    public string RunDir { get; }
    /// <summary>The broker the farm's parts talk over, for a test that speaks to them as a part would.</summary>
    public Uri BrokerUri => Broker?.Uri ?? broker!.Uri;
    public string DataDir => Path.Combine(RunDir, "farm");
    public Uri WebUrl { get; private set; } = null!;
    public FarmApi Api { get; private set; } = null!;
    /// <summary>What the New build form offers a newcomer; nothing but the browser test builds it.</summary>
    public GitRepository DemoRepository { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Services is null)
        {
            if (TestServices.Required)
                throw new InvalidOperationException(
                    "BUILDFARM_TEST_REQUIRE_SERVICES=1 but BUILDFARM_TEST_DOCKER_HOSTS (two or more), BUILDFARM_TEST_RABBITMQ, " +
                    "BUILDFARM_TEST_REGISTRY or BUILDFARM_TEST_BASE_IMAGE is missing");
            return;
        }
        PruneOldRuns();
        Directory.CreateDirectory(Path.Combine(RunDir, "logs"));
        DemoRepository = NewRepository("demo");
        if (OwnBroker)
        {
            Broker = new PrivateRabbitMq(Path.Combine(RunDir, "rabbitmq"));
            await Broker.StartAsync();
        }
        else
            broker = await RabbitMqVirtualHost.CreateAsync(Services.RabbitMq, $"buildfarm-{_name}-{Path.GetFileName(RunDir)}");
        if (_agentEngines is null)
            (engines[AgentA], engines[AgentB]) = Services.AgentEngines;
        else
            foreach (var (agent, host) in _agentEngines)
                engines[agent] = host;
        WebUrl = new Uri($"http://127.0.0.1:{FreePort()}");

        try
        {
            // Web first: it creates the database and the admin token before anything else touches them.
            Start("web", Web());
            var token = await Eventually.Until(ReadTokenAsync, t => t is not null, StartTimeout, _ => "admin.token never appeared");
            Api = new FarmApi(WebUrl, token!);
            await Eventually.Until(Api.AgentsAsync, _ => true, StartTimeout, _ => "the API never answered");
            Start("scheduler", Scheduler());
            foreach (var agent in engines.Keys)
                StartAgent(agent);
            await WaitForAgentsOnlineAsync([.. engines.Keys]);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the farm did not start: {e.Message}\n{Diagnostics()}", e);
        }
    }

    public GitRepository NewRepository(string name) =>
        GitRepository.FromDemo(Path.Combine(RunDir, "repos", name), Guid.NewGuid().ToString("N"));

    public Task KillAgentAsync(string agent) => processes[agent].KillAsync();

    public Task KillSchedulerAsync() => processes["scheduler"].KillAsync();

    public Task KillWebAsync() => processes["web"].KillAsync();

    /// <summary>Starts Web again on the same port, data and database, as a deploy or a crash-restart would.</summary>
    public async Task RestartWebAsync()
    {
        await processes["web"].DisposeAsync();
        Start("web", Web());
    }

    /// <summary>Starts the Scheduler again on the same database and broker, as a deploy or a crash-restart would.</summary>
    public async Task RestartSchedulerAsync()
    {
        await processes["scheduler"].DisposeAsync();
        Start("scheduler", Scheduler());
    }

    /// <summary>Freezes (SIGSTOP) or resumes (SIGCONT) a part: a process that is there but answers nothing.</summary>
    public Task SignalAsync(string part, string signal) => processes[part].SignalAsync(signal);

    /// <summary>Starts one more agent on <paramref name="dockerHost"/> and waits until it is online: a farm that grows
    /// while it runs, or a test that decides which agents exist when a build is placed.</summary>
    /// <param name="settings">The agent's own configuration on top ("Agent__Labels__engine" = "private", say).</param>
    public async Task AddAgentAsync(string agent, string dockerHost, IReadOnlyDictionary<string, string>? settings = null)
    {
        engines[agent] = dockerHost;
        agentSettings[agent] = settings ?? new Dictionary<string, string>();
        StartAgent(agent);
        await WaitForAgentsOnlineAsync(agent);
    }

    /// <summary>Starts an agent again with the same data folder, so it comes back under its stable id.</summary>
    public async Task RestartAgentAsync(string agent)
    {
        await processes[agent].DisposeAsync();
        StartAgent(agent);
        await WaitForAgentsOnlineAsync(agent);
    }

    /// <summary>Starts an agent again without asking Web whether it came online: for a test that has stopped Web.</summary>
    public async Task StartAgentAgainAsync(string agent)
    {
        await processes[agent].DisposeAsync();
        StartAgent(agent);
    }

    public Task WaitForAgentsOnlineAsync(params string[] names) =>
        Eventually.Until(Api.AgentsAsync,
            agents => names.All(n => agents.Any(a => a.Name == n && a.Status == "online")),
            StartTimeout,
            agents => $"agents {string.Join(", ", names)} not all online; seen: " +
                      string.Join(", ", (agents ?? []).Select(a => $"{a.Name}={a.Status}")) + "\n" + Diagnostics());

    /// <summary>Messages consumers gave up on, by queue (MassTransit's <c>_error</c> and <c>_skipped</c> queues);
    /// null where the broker cannot be asked.</summary>
    public Task<Dictionary<string, int>?> DeadLettersAsync() => broker!.DeadLettersAsync();

    /// <summary>Everything a part has logged so far.</summary>
    public string Log(string part) => File.ReadAllText(Path.Combine(RunDir, "logs", part + ".log"));

    /// <summary>The last output of every process, for a failure message that says what the farm was doing.</summary>
    public string Diagnostics() => string.Join("\n", processes.Values.Select(p => p.Tail));

    void StartAgent(string agent) => Start(agent, Agent(agent), AgentNice);

    void Start(string name, (string Dll, string WorkingDirectory, Dictionary<string, string> Environment) run, int nice = 0)
    {
        foreach (var (key, value) in Database)
            run.Environment[key] = value;
        var process = new FarmProcess(name, run.Dll, run.WorkingDirectory, run.Environment, Path.Combine(RunDir, "logs", name + ".log"))
        {
            Nice = nice,
        };
        processes[name] = process;
        process.Start();
    }

    /// <summary>The join token the scheduler accepts from configuration and every agent presents unless told otherwise.</summary>
    public string JoinToken { get; } = "bfj_" + Guid.NewGuid().ToString("N");

    /// <summary>The first admin, made by Web from the environment as the run command makes it.</summary>
    public const string AdminEmail = "admin@e2e.example";
    public const string AdminPassword = "end-to-end admin passphrase";

    (string, string, Dictionary<string, string>) Web()
    {
        var env = Common();
        env["FARM_ADMIN_EMAIL"] = AdminEmail;
        env["FARM_ADMIN_PASSWORD"] = AdminPassword;
        env["Farm__Embedded"] = "false";
        env["Farm__AllowLocalRepositories"] = "true";
        env["Farm__DemoRepository"] = DemoRepository.Url;
        env["ASPNETCORE_URLS"] = WebUrl.ToString();
        // Tests re-push base tags to new digests; a farm remembering a tag's digest for a minute would plan on the old one.
        env["Registries__CacheSeconds"] = "0.01";
        foreach (var (key, value) in WebSettings)
            env[key] = value;
        return (Output("Web"), Path.GetDirectoryName(Output("Web"))!, env);
    }

    (string, string, Dictionary<string, string>) Scheduler()
    {
        var env = Common();
        env["Scheduler__HeartbeatSeconds"] = HeartbeatSeconds.ToString();
        // The farm's agents join the way the run command's do; join tokens stay required.
        env["Scheduler__JoinToken"] = JoinToken;
        foreach (var (key, value) in _schedulerSettings)
            env[key] = value;
        return (Output("Scheduler"), Path.GetDirectoryName(Output("Scheduler"))!, env);
    }

    (string, string, Dictionary<string, string>) Agent(string agent)
    {
        var home = Path.Combine(RunDir, agent);
        Directory.CreateDirectory(home);
        var env = Common();
        env["Agent__Name"] = agent;
        env["Agent__DockerHost"] = engines[agent];
        env["Agent__DataDir"] = home;
        env["Agent__WorkDir"] = Path.Combine(home, "work");
        env["Agent__Capacity"] = "1";
        env["Agent__HeartbeatSeconds"] = HeartbeatSeconds.ToString();
        env["Agent__AllowLocalRepositories"] = "true";
        // A test that starts an agent with "Agent__JoinToken" = "" sees one that joins without a token.
        env["Agent__JoinToken"] = JoinToken;
        foreach (var (key, value) in AgentSettings)
            env[key] = value;
        foreach (var (key, value) in agentSettings.GetValueOrDefault(agent) ?? new Dictionary<string, string>())
            env[key] = value;
        return (Output("Agent"), Path.GetDirectoryName(Output("Agent"))!, env);
    }

    Dictionary<string, string> Common() => new()
    {
        ["Farm__DataDir"] = DataDir,
        ["Bus__Transport"] = "rabbitmq",
        ["Bus__RabbitMq__Uri"] = (Broker?.Uri ?? broker!.Uri).ToString(),
        ["Database__Provider"] = "sqlite",
        ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        // Every SQL statement at Information would bury what the farm did in the logs.
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        // Fault tests read the parts' logs side by side: when each lost and regained the broker, judged, placed.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
    };

    async Task<string?> ReadTokenAsync()
    {
        var path = Path.Combine(DataDir, "admin.token");
        return File.Exists(path) && (await File.ReadAllTextAsync(path)).Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary>Each executable's own build output, in the configuration this test assembly was built in.</summary>
    static string Output(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (configuration, framework) = (output.Parent!.Name, output.Name);
        return Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, framework, $"BuildFarm.{project}.dll");
    }

    /// <summary>Runs are kept for their logs after a failure, but only the last few.</summary>
    void PruneOldRuns()
    {
        var runs = new DirectoryInfo(Path.GetDirectoryName(RunDir)!);
        if (!runs.Exists)
            return;
        foreach (var old in runs.GetDirectories().OrderByDescending(d => d.Name, StringComparer.Ordinal).Skip(4))
            old.Delete(recursive: true);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes.Values)
            await process.DisposeAsync();
        Api?.Dispose();
        if (broker is not null)
            await broker.DisposeAsync();
        if (Broker is not null)
            await Broker.DisposeAsync();
    }
}
