using BuildFarm.Scheduler.Benchmarks.Farm;
using BuildFarm.Scheduler.Benchmarks.Workload;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Benchmarks.Measuring;

/// <summary>
/// Runs each case on both databases in turn, pass for pass, the order swapped every round so neither always follows
/// the other's garbage or warms the other's caches. A full collection before every timed pass keeps one database's
/// garbage out of the other's time.
/// </summary>
sealed class Comparison(BenchFarm sqlite, BenchFarm postgres, FarmWorkload workload)
{
    readonly List<string> _problems = [];

    /// <summary>Anything that makes the two sides incomparable (they placed differently, a steady pass wrote).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Every agent full: the pass reads the queue and the farm, decides that every build waits, and (after
    /// the first, which records why) writes nothing.</summary>
    public async Task<CaseResult> SteadyAsync(string name, int warmup, int rounds)
    {
        foreach (var farm in new[] { sqlite, postgres })
        {
            await QueueSeed.StoreAsync(farm, workload);
            await farm.PassAsync();
        }
        var times = Times();
        for (var round = -warmup; round < rounds; round++)
            foreach (var farm in Order(round))
            {
                GC.Collect();
                var (elapsed, statements) = await farm.PassAsync();
                if (round >= 0)
                    times[farm].Add(elapsed, statements, 0);
            }
        foreach (var (farm, passes) in times)
            if (passes.MaxWrites > 0)
                _problems.Add($"{name}: a steady pass on {farm.Name} wrote ({passes.MaxWrites} statements): it is not steady");
        return new CaseResult(name, times[sqlite], times[postgres]);
    }

    /// <summary>From every agent full with reasons recorded, builds finish on two agents in three (both running builds,
    /// or all four), as a burst of BuildFinished would; the timed pass re-reads step durations, as it does after a
    /// build ends, and places onto the opened slots and queue places. The reseed and its first pass are not timed.</summary>
    public async Task<CaseResult> PlacingAsync(string name, int warmup, int rounds)
    {
        var times = Times();
        for (var round = -warmup; round < rounds; round++)
        {
            var placed = new Dictionary<BenchFarm, int>();
            foreach (var farm in Order(round))
            {
                await QueueSeed.StoreAsync(farm, workload);
                await farm.PassAsync();
                await QueueSeed.FreeAsync(farm, workload, agent => (agent % 3) switch { 0 => 0, 1 => QueueSeed.RunningPerAgent, _ => 4 });
                farm.Placer.StepsMeasured();
                GC.Collect();
                var (elapsed, statements) = await farm.PassAsync();
                placed[farm] = await PlacedAsync(farm);
                if (round >= 0)
                    times[farm].Add(elapsed, statements, placed[farm]);
            }
            if (placed[sqlite] != placed[postgres] || placed[sqlite] == 0)
                _problems.Add($"{name}, round {round}: SQLite placed {placed[sqlite]} builds, PostgreSQL {placed[postgres]}");
        }
        return new CaseResult(name, times[sqlite], times[postgres]);
    }

    Dictionary<BenchFarm, PassTimes> Times() => new() { [sqlite] = new(sqlite.Name), [postgres] = new(postgres.Name) };

    BenchFarm[] Order(int round) => (round & 1) == 0 ? [sqlite, postgres] : [postgres, sqlite];

    /// <summary>The pass stamps what it places with the frozen clock; the seeded assignments are older.</summary>
    static async Task<int> PlacedAsync(BenchFarm farm)
    {
        var count = await farm.WithDbAsync(db =>
            db.Builds.CountAsync(b => b.Status == BuildStatus.Assigned && b.AssignedAt == FrozenClock.Now));
        farm.ForgetStatements();
        return count;
    }
}
