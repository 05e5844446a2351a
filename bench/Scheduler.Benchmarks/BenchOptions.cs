namespace BuildFarm.Scheduler.Benchmarks;

/// <summary>The command line: how much to measure, and where the PostgreSQL server is.</summary>
sealed record BenchOptions(bool Quick, string Postgres, int SteadyPasses, int SteadyWarmup, int PlacingPasses, int PlacingWarmup, int KeysPerAgent,
    bool ByStatement, bool KeepPostgres)
{
    public const int Agents = 20;
    public const int Repositories = 20;
    public const int QueuedBuilds = 100;
    public const int HistoryCommits = 30;

    /// <summary>Debian's PostgreSQL 15 on this machine, as the README's Database section sets it up.</summary>
    const string LocalServer = "Host=127.0.0.1;Port=5432;Username=buildfarm;Password=buildfarm;Database=postgres";

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        return new BenchOptions(quick,
            Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("BUILDFARM_BENCH_POSTGRES") ?? LocalServer,
            Number(args, "--steady", quick ? 20 : 150),
            Number(args, "--steady-warmup", quick ? 5 : 40),
            Number(args, "--placing", quick ? 4 : 30),
            Number(args, "--placing-warmup", quick ? 2 : 5),
            Number(args, "--keys-per-agent", 2000),
            args.Contains("--by-statement"),
            args.Contains("--keep-postgres"));
    }

    static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
            return null;
        return at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value");
    }

    static int Number(string[] args, string name, int fallback) =>
        Value(args, name) is { } text
            ? int.TryParse(text, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a whole number above 0, not '{text}'")
            : fallback;
}
