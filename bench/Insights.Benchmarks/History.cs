namespace BuildFarm.Insights.Benchmarks;

/// <summary>One seeded build and its steps (final attempt only), drawn from a fixed seed so both databases hold the
/// same rows.</summary>
sealed record SeedBuild(
    Guid Id, string Status, string Repository, string AgentId, long QueuedAt, long StartedAt, long FinishedAt, long DurationMs,
    int StepsCached, int StepsTotal, bool Release, bool NoCache, string MissCause, string Base, IReadOnlyList<SeedStep> Steps);

sealed record SeedStep(int Index, string Instruction, string Status, bool Cached, long StartedAt, long CompletedAt, long DurationMs,
    string Key, long? SavedMs);

/// <summary>
/// A busy farm's history: <see cref="Builds"/> builds of 20 steps (FROM and 19 more) spread evenly over the
/// <see cref="Days"/> days before <see cref="Now"/>, from 50 repositories on 4 bases, run on 20 agents. Each build
/// misses from a random step on (a fifth fully cached); 2 % are releases and 3 % no-cache builds, which run every step.
/// </summary>
static class History
{
    public const int Repositories = 50;
    public const int Agents = 20;
    public const int StepsPerBuild = 20;
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z");
    static readonly string[] Bases =
    [
        "pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime", "nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04",
        "tensorflow/tensorflow:2.17.0-gpu", "pytorch/pytorch:2.8.0-cuda12.6-cudnn9-devel",
    ];
    static readonly string[] Causes = ["base-moved", "instruction-changed", "build-arg-changed", "files-changed", "other-agent", "evicted"];

    public static string Repository(int r) => $"https://git.example.com/ml/project-{r:00}.git";

    public static string Agent(int a) => $"gpu-{a:00}";

    public static IEnumerable<SeedBuild> Builds(int count, int days)
    {
        var random = new Random(20261201);
        var start = Now.AddDays(-days).ToUnixTimeMilliseconds();
        var spacing = days * 86_400_000L / count;
        for (var i = 0; i < count; i++)
        {
            var repo = random.Next(Repositories);
            var queued = start + i * spacing + random.Next((int)Math.Min(spacing, int.MaxValue));
            var started = queued + random.Next(1_000, 300_000);
            var release = random.NextDouble() < 0.02;
            var noCache = !release && random.NextDouble() < 0.03;
            var firstMiss = release || noCache ? 1 : random.NextDouble() < 0.2 ? StepsPerBuild : random.Next(1, StepsPerBuild);
            var failed = random.NextDouble() < 0.1;
            var steps = new List<SeedStep>(StepsPerBuild);
            var at = started;
            for (var k = 0; k < StepsPerBuild; k++)
            {
                var cached = k > 0 && k < firstMiss;
                var ran = StepCost(repo, k) * (85 + random.Next(30)) / 100;
                var ms = cached ? random.Next(5, 120) : ran;
                var status = failed && k == StepsPerBuild - 1 ? "failed" : cached ? "cached" : "done";
                steps.Add(new SeedStep(k, Instruction(repo, k), status, cached, at, at + ms, ms, $"sha256:{repo:x2}{k:x2}{i % 97:x4}", cached ? ran : null));
                at += ms;
            }
            var cachedCount = steps.Count(s => s.Cached);
            yield return new SeedBuild(Id(random), failed ? "failed" : "succeeded", Repository(repo), Agent(random.Next(Agents)),
                queued, started, at, at - started, cachedCount, StepsPerBuild - 1, release, noCache,
                noCache || release ? "no-cache" : firstMiss == StepsPerBuild ? "none" : Causes[random.Next(Causes.Length)],
                Bases[repo % Bases.Length], steps);
        }
    }

    static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    static long StepCost(int repo, int k) => k == 0 ? 30_000 : 500 + (repo * 7919 + k * 104_729) % 240_000;

    static string Instruction(int repo, int k) => k switch
    {
        0 => $"FROM {Bases[repo % Bases.Length]}",
        1 => "RUN apt-get update && apt-get install -y --no-install-recommends git curl build-essential libgl1",
        2 => "COPY requirements.txt /app/requirements.txt",
        3 => "RUN pip install --no-cache-dir -r /app/requirements.txt",
        _ => $"RUN python -m project{repo:00}.stage{k} --prepare /app/data/{k} && echo done-{k}",
    };
}
