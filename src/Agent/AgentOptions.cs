using BuildFarm.Shared.Builds;

namespace BuildFarm.Agent;

public sealed class AgentOptions
{
    /// <summary>Docker engine address, DOCKER_HOST style: unix:///var/run/docker.sock or tcp://host:2375.</summary>
    public string DockerHost { get; set; } = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unix:///var/run/docker.sock";
    /// <summary>Display name; the host name when empty.</summary>
    public string? Name { get; set; }
    /// <summary>Where the agent keeps its id; defaults to agent/ under the farm's data folder.</summary>
    public string? DataDir { get; set; }
    /// <summary>Where sources are fetched for a build; defaults to work/ under DataDir.</summary>
    public string? WorkDir { get; set; }
    /// <summary>How many checkouts (by repository and commit) the agent keeps under WorkDir/.checkouts for the next build
    /// of the same commit; 0 fetches every build afresh. Emptied when the agent starts.</summary>
    public int CheckoutCache { get; set; } = 8;
    /// <summary>The join token an admin made for this farm: an agent that registers without a valid one is listed as
    /// pending and given no builds until an admin approves it. Kept out of logs and of <c>describe</c>.</summary>
    public string? JoinToken { get; set; }
    public Dictionary<string, string> Labels { get; set; } = [];
    public int Capacity { get; set; } = 1;
    public int HeartbeatSeconds { get; set; } = 10;
    /// <summary>Whether file:// and local-path repositories may be built (single-machine farms only).</summary>
    public bool AllowLocalRepositories { get; set; }
    public string NvidiaSmiPath { get; set; } = "nvidia-smi";
    /// <summary>Network for RUN steps: none (engines started with --bridge=none have no default bridge), default or host.</summary>
    public string NetworkMode { get; set; } = "none";
    /// <summary>The most build cache (bytes, as /system/df counts it) the agent keeps, pruning the least recently used
    /// builds after each build. Null, the default, leaves pruning to BuildKit's own garbage collector: only the admin
    /// knows how much of the engine's disk (often another host's) the cache may take, and a guessed number would throw
    /// away warm cache the farm is built to keep.</summary>
    public long? CacheBudgetBytes { get; set; }
    /// <summary>How long the agent waits for the scheduler to confirm an attempt before it starts it.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long after an unanswered confirmation the agent asks again.</summary>
    public TimeSpan CheckRetry { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long the agent waits for Web to answer its request for a pushing build's registry credentials; without
    /// an answer the build fails with that reason.</summary>
    public TimeSpan PushCredentialsTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often a lost engine is pinged until it answers again.</summary>
    public TimeSpan EnginePing { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>The largest Dockerfile the agent builds; the same limit Web applies at submit (Farm:MaxDockerfileBytes).</summary>
    public long MaxDockerfileBytes { get; set; } = ContextLimits.DefaultDockerfileBytes;
    /// <summary>The most bytes of files, after .dockerignore, the agent sends to its engine in one context.</summary>
    public long MaxContextBytes { get; set; } = ContextLimits.DefaultContextBytes;
    /// <summary>The most files, after .dockerignore, the agent sends to its engine in one context.</summary>
    public int MaxContextFiles { get; set; } = ContextLimits.DefaultContextFiles;
    /// <summary>Build events kept in memory while the broker is away; later ones wait in a file in DataDir.</summary>
    public int OutboxMemoryLimit { get; set; } = 10_000;
}
