namespace BuildFarm.Insights.Benchmarks;

/// <summary>The command line: <c>--builds N</c>, <c>--days N</c>, <c>--runs N</c>, <c>--warmup N</c>, <c>--postgres CONN</c>, <c>--keep</c>.</summary>
sealed record BenchOptions(int Builds, int Days, int Runs, int Warmup, string Postgres, bool Keep)
{
    const string LocalServer = "Host=127.0.0.1;Port=5432;Username=buildfarm;Password=buildfarm;Database=postgres";

    public static BenchOptions Parse(string[] args) => new(
        Number(args, "--builds", 100_000),
        Number(args, "--days", 30),
        Number(args, "--runs", 15),
        Number(args, "--warmup", 3),
        Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("BUILDFARM_BENCH_POSTGRES") ?? LocalServer,
        args.Contains("--keep"));

    static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
            return null;
        return at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value");
    }

    static int Number(string[] args, string name, int fallback) =>
        Value(args, name) is { } text
            ? int.TryParse(text, out var n) && n >= 0 ? n : throw new ArgumentException($"{name} must be a whole number, not '{text}'")
            : fallback;
}
