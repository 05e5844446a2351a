using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Web.Tests.Features.Insights;

/// <summary>
/// A small farm history with hand-countable figures, over 1–2 November 2026 (UTC):
/// day 1: b1 succeeded (repo A, gpu-1, 100 s, waited 60 s, 3/4 cached, base "base:1", on attempt 2),
/// b2 failed (A, gpu-2, 200 s, waited 30 s, 1/4), b3 succeeded as a release (B, gpu-1, 300 s, waited 120 s, 4/4),
/// b4 succeeded without cache (B, gpu-1, 400 s, waited 10 s, 0/5), b5 cancelled while queued (A);
/// day 2: b6 succeeded (A, gpu-2, 50 s, waited 5 s, 2/2); b7 is queued at the range's exclusive end.
/// </summary>
static class InsightsSample
{
    public static readonly DateTimeOffset Day1 = DateTimeOffset.Parse("2026-11-01T00:00:00Z");
    public static readonly DateTimeOffset Day2 = Day1.AddDays(1);
    public static readonly DateTimeOffset End = Day1.AddDays(2);
    public const string RepoA = "https://git.example/ml/trainer.git";
    public const string RepoB = "https://git.example/ml/serving.git";

    public static async Task SeedAsync(FarmDbContext db)
    {
        db.Agents.AddRange(
            new Data.Agent { Id = "gpu-1", Name = "node-1", Capacity = 2, RegisteredAt = Day1, LastHeartbeatAt = Day1 },
            new Data.Agent { Id = "gpu-2", Name = "node-2", Capacity = 1, RegisteredAt = Day1, LastHeartbeatAt = Day1 });
        var b1 = Build(Day1.AddHours(10), BuildStatus.Succeeded, RepoA, "gpu-1", 60, 100, 3, 4, cause: "files-changed");
        b1.Attempt = 2;
        b1.SavedMs = 12_000;
        b1.Steps =
        [
            // The first attempt's rows: not the build's figures.
            Step(1, 1, "RUN pip install -r requirements.txt", StepStatus.Cached, 10, saved: 99_999),
            Step(2, 0, "FROM localhost:5000/base:1", StepStatus.Done, 9_000),
            Step(2, 1, "RUN pip install -r requirements.txt", StepStatus.Cached, 10, saved: 5_000),
            Step(2, 2, "COPY . .", StepStatus.Cached, 10, saved: 7_000),
            Step(2, 3, "RUN make", StepStatus.Done, 20_000),
        ];
        var b2 = Build(Day1.AddHours(11), BuildStatus.Failed, RepoA, "gpu-2", 30, 200, 1, 4, cause: "base-moved");
        b2.Steps = [Step(1, 1, "RUN make", StepStatus.Done, 10_000), Step(1, 2, "RUN pip install -r requirements.txt", StepStatus.Done, 30_000)];
        var b3 = Build(Day1.AddHours(12), BuildStatus.Succeeded, RepoB, "gpu-1", 120, 300, 4, 4, cause: "no-cache");
        b3.Release = true;
        b3.Steps = [Step(1, 1, "RUN make", StepStatus.Done, 60_000)];
        var b4 = Build(Day1.AddHours(13), BuildStatus.Succeeded, RepoB, "gpu-1", 10, 400, 0, 5, cause: "no-cache");
        b4.NoCache = true;
        var b5 = Build(Day1.AddHours(14), BuildStatus.Cancelled, RepoA, null, null, null, 0, 0, cause: "files-changed");
        var b6 = Build(Day2.AddHours(9), BuildStatus.Succeeded, RepoA, "gpu-2", 5, 50, 2, 2, cause: "none");
        b6.SavedMs = 1_000;
        b6.Steps = [Step(1, 1, "RUN make", StepStatus.Done, 40_000), Step(1, 2, "COPY . .", StepStatus.Cached, 5, saved: 1_000)];
        var b7 = Build(End, BuildStatus.Succeeded, RepoA, "gpu-1", 1, 1_000, 1, 1, cause: "none");
        db.Builds.AddRange(b1, b2, b3, b4, b5, b6, b7);
        db.BuildBases.AddRange(
            new BuildBase { BuildId = b1.Id, Reference = "localhost:5000/base:1" },
            new BuildBase { BuildId = b2.Id, Reference = "localhost:5000/base:2" });
        await db.SaveChangesAsync();
    }

    static Build Build(DateTimeOffset queued, string status, string repository, string? agent, int? waitSeconds, int? seconds,
        int cached, int total, string? cause)
    {
        var started = waitSeconds is { } w ? queued.AddSeconds(w) : (DateTimeOffset?)null;
        return new Build
        {
            Id = Guid.NewGuid(), Status = status, Repository = repository, Ref = "main", AgentId = agent, Attempt = 1,
            QueuedAt = queued, StartedAt = started, FinishedAt = seconds is { } s ? started!.Value.AddSeconds(s) : null,
            DurationMs = seconds * 1000L, StepsCached = cached, StepsTotal = total, MissCause = cause, Dispatched = true,
        };
    }

    static BuildStep Step(int attempt, int index, string instruction, string status, long ms, long? saved = null) => new()
    {
        Attempt = attempt, Index = index, Instruction = instruction, Status = status, Cached = status == StepStatus.Cached,
        StartedAt = Day1, CompletedAt = Day1.AddMilliseconds(ms), DurationMs = ms, SavedMs = saved,
    };
}
