using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Insights;

/// <summary>The insights tables: why builds missed, which steps cost the most when they run, how each agent is used.</summary>
static class TableQueries
{
    public const int SlowestStepsShown = 10;

    /// <summary>How many of the filter's latest builds the slowest steps are drawn from.</summary>
    public const int SlowestStepsWindow = 2_000;

    /// <summary>The miss cause of a fully cached build, which is no cause of a miss.</summary>
    const string FullyCached = MissCauses.None;

    /// <summary>"none" is a fully cached build, not a cause; release builds miss on purpose.</summary>
    public static async Task<CausesResponse> CausesAsync(this FarmDbContext db, InsightsFilter filter, CancellationToken ct = default) =>
        new(await InsightsScope.Builds(db, filter)
            .Where(b => b.MissCause != null && b.MissCause != FullyCached && !b.Release)
            .GroupBy(b => b.MissCause!)
            .Select(g => new { Cause = g.Key, Builds = g.Count() })
            .OrderByDescending(c => c.Builds).ThenBy(c => c.Cause)
            .Select(c => new CauseCount(c.Cause, c.Builds))
            .ToListAsync(ct));

    /// <summary>Steps that ran (completed, not cached; FROM left out, its time is a pull) in the latest
    /// <see cref="SlowestStepsWindow"/> builds of the filter, ranked by their mean, then the shown ones' percentiles.</summary>
    /// <remarks>The window bounds the work: the ranking groups every step of the builds it covers, and a month of a busy
    /// farm holds millions. The latest builds are also the ones whose steps a team can still make faster.</remarks>
    public static async Task<SlowestStepsResponse> SlowestStepsAsync(this FarmDbContext db, InsightsFilter filter, CancellationToken ct = default)
    {
        var scope = InsightsScope.Builds(db, filter);
        var oldest = await scope.OrderByDescending(b => b.QueuedAt).Skip(SlowestStepsWindow - 1).Select(b => (DateTimeOffset?)b.QueuedAt)
            .FirstOrDefaultAsync(ct);
        if (oldest is { } cutoff)
            scope = scope.Where(b => b.QueuedAt >= cutoff);
        var runs =
            from b in scope
            from s in db.BuildSteps
            where s.BuildId == b.Id && s.Status == StepStatus.Done && !s.Cached && s.DurationMs != null
                  && !s.Instruction.StartsWith("FROM ")
            select new { s.Instruction, b.Repository, Ms = s.DurationMs!.Value };
        var top = await runs
            .GroupBy(r => new { r.Instruction, r.Repository })
            .Select(g => new { g.Key.Instruction, g.Key.Repository, Runs = g.Count(), Mean = g.Average(r => r.Ms) })
            .OrderByDescending(g => g.Mean).ThenBy(g => g.Instruction)
            .Take(SlowestStepsShown)
            .ToListAsync(ct);
        var asks = top.SelectMany(group =>
        {
            var times = runs.Where(r => r.Repository == group.Repository && r.Instruction == group.Instruction).Select(r => r.Ms);
            return new[] { new PercentileAsk(times, group.Runs, 0.50), new PercentileAsk(times, group.Runs, 0.95) };
        }).ToList();
        var percentiles = await Percentile.ManyAsync(asks, ct);
        return new SlowestStepsResponse(top
            .Select((g, i) => new SlowStep(g.Instruction, g.Repository, percentiles[2 * i]!.Value, percentiles[2 * i + 1]!.Value, g.Runs))
            .OrderByDescending(s => s.P95Ms).ThenBy(s => s.Instruction)
            .ToList());
    }

    /// <summary>Busy time is the build time of the range's builds on the agent, over the range times its slots.</summary>
    public static async Task<AgentUsageResponse> AgentsAsync(this FarmDbContext db, InsightsFilter filter, CancellationToken ct = default)
    {
        var usage = await InsightsScope.Builds(db, filter)
            .Where(b => b.AgentId != null)
            .GroupBy(b => b.AgentId!)
            .Select(g => new
            {
                AgentId = g.Key,
                Builds = g.Count(),
                BusyMs = g.Sum(b => b.DurationMs ?? 0),
                Cached = g.Sum(b => b.Release || b.NoCache ? 0 : b.StepsCached),
                Steps = g.Sum(b => b.Release || b.NoCache ? 0 : b.StepsTotal),
            })
            .ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().Select(a => new { a.Id, a.Name, a.Capacity }).ToDictionaryAsync(a => a.Id, ct);
        var rangeMs = (filter.To - filter.From).TotalMilliseconds;
        return new AgentUsageResponse(usage
            .Select(u =>
            {
                var agent = agents.GetValueOrDefault(u.AgentId);
                var slots = Math.Max(1, agent?.Capacity ?? 1);
                return new AgentUsage(u.AgentId, agent?.Name, u.Builds, u.BusyMs, u.BusyMs / (rangeMs * slots),
                    u.Steps == 0 ? null : (double)u.Cached / u.Steps);
            })
            .OrderByDescending(a => a.Utilisation).ThenBy(a => a.AgentId)
            .ToList());
    }
}
