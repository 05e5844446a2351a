using BuildFarm.Data;
using BuildFarm.Scheduler.Benchmarks.Farm;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>What stays put between passes: the registered agents, their cache inventories, and the finished builds
/// whose measured steps placement estimates durations from.</summary>
static class FarmSeed
{
    const int Batch = 2000;

    public static async Task StoreAsync(BenchFarm farm, FarmWorkload workload, int keysPerAgent)
    {
        var now = FrozenClock.Now;
        await farm.WithDbAsync(async db =>
        {
            foreach (var shape in workload.Agents)
                db.Agents.Add(Agent(shape, Inventory(workload, shape.Id, keysPerAgent).Count, now));
            await db.SaveChangesAsync();
        });
        var keys = workload.Agents.SelectMany(a => Inventory(workload, a.Id, keysPerAgent).Select(k => new AgentCacheKey { AgentId = a.Id, Key = k }));
        await InBatchesAsync(farm, keys, (db, rows) => db.AgentCacheKeys.AddRange(rows));
        await InBatchesAsync(farm, workload.History().Select(c => Finished(workload, c)), (db, rows) => db.Builds.AddRange(rows));
        // A running PostgreSQL has statistics and visibility maps on its tables (autovacuum vacuums and analyzes them as
        // they grow) and plans by them;
        // a bulk load leaves none until autovacuum comes by, in the middle of a run or not. SQLite is left as the farm
        // leaves it: nothing runs ANALYZE there.
        if (farm.Database.Provider == DatabaseProvider.Postgres)
            await farm.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE"));
        farm.ForgetStatements();
    }

    static Agent Agent(AgentShape shape, int keys, DateTimeOffset now) => new()
    {
        Id = shape.Id, Name = shape.Id, Status = "online", Labels = new(shape.Labels), Os = "linux", Arch = "x86_64",
        DockerVersion = "20.10.24", StorageDriver = "overlay2", Capacity = 2, CacheKeyCount = keys,
        CacheBytes = 180_000_000_000, CacheBudgetBytes = 250_000_000_000,
        Gpus = Enumerable.Range(0, shape.Gpus).Select(g => new Gpu(shape.GpuName!, $"GPU-{shape.Id}-{g}", 81_920)).ToList(),
        DriverVersion = shape.DriverVersion, CudaVersion = shape.DriverVersion is null ? null : "12.8",
        AgentVersion = "bench", RegisteredAt = now.AddDays(-30), LastHeartbeatAt = now,
    };

    /// <summary>The chains of the repositories the agent built last (two rounds of requirements), then the other
    /// layers a long-lived BuildKit cache holds, up to its size.</summary>
    static IReadOnlyCollection<string> Inventory(FarmWorkload workload, string agentId, int size)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var repository in workload.HomedOn(agentId))
            foreach (var commit in new[] { workload.HistoryCommits - 1, workload.HistoryCommits - 5 })
                foreach (var step in workload.Plan(repository, commit).Plan.Steps)
                {
                    keys.Add(step.Key);
                    if (step.BaseDigest is { } digest)
                        keys.Add(digest);
                }
        for (var n = 0; keys.Count < size; n++)
            keys.Add(Repository.Digest($"{agentId}/layer/{n}"));
        return keys;
    }

    /// <summary>A succeeded build with its steps as the agent reported them: those whose key the previous commit
    /// already had came from the cache, the others ran and were measured.</summary>
    static Build Finished(FarmWorkload workload, PlannedCommit built)
    {
        var (repository, commit, plan, json) = built;
        var before = commit == 0 ? [] : workload.Plan(repository, commit - 1).Plan.Steps.Select(s => s.Key).ToHashSet();
        var finished = FrozenClock.Now.AddMinutes(-20 * (workload.HistoryCommits - commit)).AddSeconds(-7 * repository.Index);
        var id = StableId.For($"{repository.Name}@{commit}");
        var at = finished.AddMinutes(-15);
        var steps = new List<BuildStep>();
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            if (!step.HasVertex)
                continue;
            var cached = before.Contains(step.Key);
            var ms = cached ? 40 : (long)(Seconds(step) * 1000 * (0.8 + 0.4 * (commit % 5) / 4.0));
            steps.Add(new BuildStep
            {
                BuildId = id, Index = i, Attempt = 1, Stage = step.Stage, Instruction = step.Instruction, Key = step.Key,
                Status = cached ? "cached" : "done", Cached = cached, StartedAt = at, CompletedAt = at.AddMilliseconds(ms), DurationMs = ms,
            });
            at = at.AddMilliseconds(ms);
        }
        return new Build
        {
            Id = id, Status = BuildStatus.Succeeded, Repository = $"https://git.example/{repository.Name}.git", Ref = "main",
            Commit = Repository.Digest($"{repository.Name}@{commit}")[7..47], PlanJson = json, Dispatched = true,
            AgentId = repository.Homes[commit % repository.Homes.Count], Attempt = 1,
            QueuedAt = finished.AddMinutes(-17), AssignedAt = finished.AddMinutes(-16), StartedAt = finished.AddMinutes(-15),
            FinishedAt = finished, DurationMs = 15 * 60_000, StepsTotal = steps.Count, StepsCached = steps.Count(s => s.Cached),
            ImageId = Repository.Digest($"image {id}"), Steps = steps,
        };
    }

    /// <summary>What such a step takes when it runs: wheels for minutes, system packages for one, the rest seconds.</summary>
    static double Seconds(PlanStep step) => step.Keyword switch
    {
        "FROM" => 40,
        "RUN" when step.Instruction.Contains("pip") => 240,
        "RUN" when step.Instruction.Contains("apt-get") => 75,
        "RUN" => 20,
        "COPY" => 3,
        _ => 0.5,
    };

    static async Task InBatchesAsync<T>(BenchFarm farm, IEnumerable<T> rows, Action<FarmDbContext, IReadOnlyList<T>> add)
    {
        foreach (var chunk in rows.Chunk(Batch))
            await farm.WithDbAsync(async db =>
            {
                add(db, chunk);
                await db.SaveChangesAsync();
            });
    }
}
