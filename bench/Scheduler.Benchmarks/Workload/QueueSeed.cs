using BuildFarm.Data;
using BuildFarm.Scheduler.Benchmarks.Farm;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>
/// What a pass changes, put back before a case: every agent full (two builds running, two assigned, the queue cap)
/// and the builds waiting for them queued as Web stores them. Freeing slots afterwards is what finished builds do.
/// </summary>
static class QueueSeed
{
    public const int RunningPerAgent = 2;
    public const int AssignedPerAgent = 2;

    static readonly string[] Unfinished = [BuildStatus.Queued, BuildStatus.Assigned, BuildStatus.Running];

    public static async Task StoreAsync(BenchFarm farm, FarmWorkload workload)
    {
        var now = FrozenClock.Now;
        await farm.WithDbAsync(async db =>
        {
            // Their events go with them (cascade); builds that FreeAsync finished bear the frozen clock's time.
            await db.Builds.Where(b => Unfinished.Contains(b.Status) || b.FinishedAt == now).ExecuteDeleteAsync();
            foreach (var agent in workload.Agents)
                db.Builds.AddRange(Active(workload, agent.Id, now));
            for (var i = 0; i < workload.Queued.Count; i++)
            {
                var queued = workload.Queued[i];
                var at = now.AddSeconds(-20 * (workload.Queued.Count - i));
                db.Builds.Add(Build(StableId.For($"queued {i}"), queued, BuildStatus.Queued, at, [new BuildEvent
                {
                    At = at, Status = BuildStatus.Queued, Message = $"Queued by bench; planned at {queued.Commit}",
                }]));
            }
            await db.SaveChangesAsync();
        });
        farm.ForgetStatements();
    }

    /// <summary>Ends the work of some agents, as their builds finishing would, and returns how many slots and queue
    /// places that opened.</summary>
    /// <param name="freed">Which agents lose their running builds (2 of 4 places) or everything (4 of 4).</param>
    public static async Task<int> FreeAsync(BenchFarm farm, FarmWorkload workload, Func<int, int> freed)
    {
        var ids = workload.Agents.SelectMany((a, i) => Enumerable.Range(0, freed(i)).Select(j => ActiveId(a.Id, j))).ToList();
        var now = FrozenClock.Now;
        await farm.WithDbAsync(db => db.Builds.Where(b => ids.Contains(b.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BuildStatus.Succeeded).SetProperty(b => b.FinishedAt, now)));
        farm.ForgetStatements();
        return ids.Count;
    }

    /// <summary>Builds of the repositories the agent holds, the running ones first; predictions as placement made them.</summary>
    static IEnumerable<Build> Active(FarmWorkload workload, string agentId, DateTimeOffset now)
    {
        var homed = workload.HomedOn(agentId).ToList();
        if (homed.Count == 0)
            throw new InvalidOperationException($"{agentId} holds no repository: the workload leaves it nothing to run");
        for (var j = 0; j < RunningPerAgent + AssignedPerAgent; j++)
        {
            var built = workload.Plan(homed[j % homed.Count], workload.HistoryCommits - 1 - j);
            var running = j < RunningPerAgent;
            var build = Build(ActiveId(agentId, j), built, running ? BuildStatus.Running : BuildStatus.Assigned, now.AddMinutes(-30 + j), []);
            build.AgentId = agentId;
            build.Attempt = 1;
            build.AssignedAt = now.AddMinutes(-20 + j);
            build.StartedAt = running ? now.AddMinutes(-(3 + 5 * j)) : null;
            build.PredictedSeconds = running ? 900 : 420;
            build.PlacementReason = $"{agentId}: cached chain";
            yield return build;
        }
    }

    /// <summary>The running builds come first, so freeing two places ends the running ones.</summary>
    static Guid ActiveId(string agentId, int j) => StableId.For($"{agentId} active {j}");

    static Build Build(Guid id, PlannedCommit built, string status, DateTimeOffset queuedAt, List<BuildEvent> events) => new()
    {
        Id = id, Status = status, Repository = $"https://git.example/{built.Repository.Name}.git", Ref = "main",
        Commit = Repository.Digest($"{built.Repository.Name}@{built.Commit}")[7..47], PlanJson = built.PlanJson,
        QueuedAt = queuedAt, Dispatched = true, Events = events,
    };
}
