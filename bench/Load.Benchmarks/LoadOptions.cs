namespace BuildFarm.Load.Benchmarks;

/// <summary>How big a run is. The full run is the issue's: 2,000 builds on 20 agents; <c>--quick</c> is a smoke run of
/// a couple of minutes.</summary>
sealed record LoadOptions(int Builds, int Agents, TimeSpan Deadline, bool Quick)
{
    /// <summary>Leave the run's database behind (its connection string is printed), to look into the pages' queries
    /// on real data after the run.</summary>
    public bool KeepDatabase { get; init; }
    /// <summary>The agents' <c>Agent:CheckoutCache</c> (null: the product's default), to compare a run without it.</summary>
    public int? CheckoutCache { get; init; }

    /// <summary>The share of the builds submitted while agents are free (the rest are queued at once, as a backlog).</summary>
    public const double FreeShare = 0.4;
    /// <summary>While agents are free, builds are submitted only while fewer than this share of the agents' slots are
    /// taken, so each new build finds an agent with room.</summary>
    public const double FreeInFlight = 0.75;
    /// <summary>Concurrent clients queueing the backlog, as CI pipelines fanning out would.</summary>
    public const int BacklogClients = 4;
    /// <summary>How long the pages are timed on the idle farm, before the load.</summary>
    public static readonly TimeSpan IdleSpan = TimeSpan.FromSeconds(15);
    /// <summary>How often the pages are fetched while builds run.</summary>
    public static readonly TimeSpan PageInterval = TimeSpan.FromSeconds(1);

    /// <summary>Builds each agent runs before the measured ones. .NET compiles a method again, optimised, once it has
    /// run 30 times: an agent's once-a-build code settles only after about 30 builds, and until then every process
    /// spends a good part of its CPU compiling (a fresh 8-agent farm spent a third of its CPU on it in its first
    /// minutes). The target is about the farm in service, so the run measures it settled and reports the warm-up's
    /// page times apart.</summary>
    public const int WarmUpPerAgent = 30;

    public int WarmUp => Agents * WarmUpPerAgent;
    public int FreeBuilds => (int)Math.Round(Builds * FreeShare);
    public int BacklogBuilds => Builds - FreeBuilds;
    /// <summary>Most builds in flight (queued, assigned or running) when another is submitted in the agents-free phase.</summary>
    public int FreeLimit => Math.Max(1, (int)(Agents * FreeInFlight));

    public static LoadOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var builds = Number(args, "--builds") ?? (quick ? 200 : 2000);
        var agents = Number(args, "--agents") ?? (quick ? 5 : 20);
        var deadline = TimeSpan.FromMinutes(Number(args, "--deadline-minutes") ?? (quick ? 5 : 20));
        return new LoadOptions(builds, agents, deadline, quick)
        {
            KeepDatabase = args.Contains("--keep-database"),
            CheckoutCache = Number(args, "--checkout-cache"),
        };
    }

    static int? Number(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : null;
}
