using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>
/// Stores why a finished build missed the cache: loads the build, the previous successful build of the same
/// repository, Dockerfile, context and target, and what the farm knew (placement's verdicts, agents' cache drops and
/// holdings, the base tags' history), and keeps <see cref="MissAnalysis"/>'s answer on the build. Once stored it
/// stays: a replayed BuildFinished must not rewrite history with what the farm knows later.
/// </summary>
static class MissRecorder
{
    public static async Task RecordAsync(FarmDbContext db, Build build, CancellationToken ct)
    {
        if (build.MissCause is not null)
            return;
        var plan = Plan(build.PlanJson);
        var earlier = await db.Builds.AsNoTracking()
            .Where(b => b.Id != build.Id && b.Status == BuildStatus.Succeeded && b.Repository == build.Repository
                && b.DockerfilePath == build.DockerfilePath && b.ContextPath == build.ContextPath && b.Target == build.Target
                && b.FinishedAt <= (build.StartedAt ?? build.FinishedAt))
            .OrderByDescending(b => b.FinishedAt)
            .FirstOrDefaultAsync(ct);
        var keys = plan?.Steps.Select(s => s.Key).ToList() ?? [];
        var references = plan?.Steps.Where(s => s.Kind == StepKind.Image).Select(s => s.Instruction["FROM ".Length..].Trim()).ToList() ?? [];
        var facts = new MissFacts
        {
            Candidates = build.CandidatesJson is { } candidates
                ? JsonSerializer.Deserialize<List<CandidateVerdict>>(candidates, JsonSerializerOptions.Web) ?? []
                : [],
            PlacementReason = build.PlacementReason,
            Drops = await db.AgentCacheDrops.AsNoTracking().Where(d => keys.Contains(d.Key))
                .Select(d => new CacheDrop(d.AgentId, d.Key, d.DroppedAt)).ToListAsync(ct),
            Holdings = await db.AgentCacheKeys.AsNoTracking().Where(k => keys.Contains(k.Key))
                .Select(k => new CacheHolding(k.AgentId, k.Key)).ToListAsync(ct),
            BaseHistory = await db.ImageDigests.AsNoTracking().Where(d => references.Contains(d.Reference))
                .Select(d => new TagSighting(d.Reference, d.Digest, d.FirstSeenAt)).ToListAsync(ct),
        };
        var miss = MissAnalysis.Explain(await SubjectAsync(db, build, plan, ct),
            earlier is null ? null : await SubjectAsync(db, earlier, Plan(earlier.PlanJson), ct), facts);
        build.MissCause = miss.Cause;
        build.MissJson = JsonSerializer.Serialize(miss, JsonSerializerOptions.Web);
    }

    static async Task<MissBuild> SubjectAsync(FarmDbContext db, Build build, BuildPlan? plan, CancellationToken ct)
    {
        var steps = await db.BuildSteps.AsNoTracking().Where(s => s.BuildId == build.Id && s.Attempt == build.Attempt)
            .OrderBy(s => s.Index)
            .Select(s => new MissStep(s.Index, s.Instruction, s.Key, s.Cached, s.DurationMs, s.SavedMs) { Stage = s.Stage })
            .ToListAsync(ct);
        return new MissBuild(build.Id, plan, steps)
        {
            AgentId = build.AgentId,
            Commit = build.Commit,
            BuildArgs = build.BuildArgs,
            NoCache = build.NoCache || build.Release,
            QueuedAt = build.QueuedAt,
            StartedAt = build.StartedAt,
            FinishedAt = build.FinishedAt,
        };
    }

    static BuildPlan? Plan(string? json) => json is null ? null : JsonSerializer.Deserialize<BuildPlan>(json, JsonSerializerOptions.Web);
}
