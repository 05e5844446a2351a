using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Lint;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>The reads the API and the pages share, projected straight into the view records.</summary>
public static class BuildQueries
{
    public const string BrokerWaitPrefix = "waiting for the message broker: ";

    public static async Task<BuildDetails?> DetailsAsync(this FarmDbContext db, Guid id, CancellationToken cancellationToken = default)
    {
        var details = await CoreAsync(db, id, cancellationToken);
        if (details is null)
            return null;
        var placement = await db.Builds.AsNoTracking().Where(b => b.Id == id)
            .Select(b => new { b.Commit, b.PredictedCachedSteps, b.CandidatesJson, b.CheckJson, b.CheckResultJson,
                b.PredictedKeysJson, b.PredictionHits, b.PredictionFalseHits, b.PredictionMisses, b.RequiredLabels, b.LogCut, b.LintJson, b.Release, b.Push, b.MissJson, b.PlanJson, b.QueuedBy })
            .FirstAsync(cancellationToken);
        int? ahead = details.Status == BuildStatus.Queued
            ? await db.Builds.CountAsync(b => b.Status == BuildStatus.Queued && b.QueuedAt < details.QueuedAt, cancellationToken)
            : null;
        return details with
        {
            QueueAhead = ahead,
            Attempts = await db.AttemptsAsync(details, cancellationToken),
            LogCut = placement.LogCut,
            Release = placement.Release,
            Push = placement.Push,
            Pins = placement.Release && placement.PlanJson is { } plan ? JsonSerializer.Deserialize<BuildPlan>(plan, JsonSerializerOptions.Web)?.Pins ?? [] : [],
            Commit = placement.Commit,
            QueuedBy = placement.QueuedBy,
            PredictedCachedSteps = placement.PredictedCachedSteps,
            Candidates = Candidates(placement.CandidatesJson),
            Prediction = placement.PredictedKeysJson is null ? null
                : new PredictionView(JsonSerializer.Deserialize<List<string>>(placement.PredictedKeysJson)?.Count ?? 0,
                    placement.PredictionHits, placement.PredictionFalseHits, placement.PredictionMisses),
            Check = placement.CheckJson is null ? null : JsonSerializer.Deserialize<BuildCheck>(placement.CheckJson, JsonSerializerOptions.Web),
            RequiredLabels = placement.RequiredLabels,
            CheckResult = placement.CheckResultJson is null ? null : JsonSerializer.Deserialize<CheckResult>(placement.CheckResultJson, JsonSerializerOptions.Web),
            Lint = placement.LintJson is null ? null : JsonSerializer.Deserialize<List<LintFinding>>(placement.LintJson, JsonSerializerOptions.Web),
            Miss = placement.MissJson is null ? null : JsonSerializer.Deserialize<MissExplanation>(placement.MissJson, JsonSerializerOptions.Web),
            Plan = await PlannedSteps.ReadAsync(db, placement.PlanJson, placement.PredictedKeysJson, cancellationToken),
        };
    }

    static List<CandidateView> Candidates(string? json) =>
        json is null
            ? []
            : (JsonSerializer.Deserialize<List<CandidateVerdict>>(json, JsonSerializerOptions.Web) ?? [])
                .OrderBy(c => c.Rejected is null ? 0 : 1).ThenByDescending(c => c.Score)
                .Select(c => new CandidateView(c.AgentId, c.AgentName, c.Rejected?.ToString(), c.Score, c.Detail,
                    c.CachedSteps, c.TotalSteps, c.SecondsSaved, c.QueueWaitSeconds, c.PullSeconds))
                .ToList();

    static Task<BuildDetails?> CoreAsync(FarmDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Builds.AsNoTracking()
            .Where(b => b.Id == id)
            .Select(b => new BuildDetails(
                b.Id, b.Status, b.Repository, b.Ref, b.DockerfilePath, b.ContextPath, b.Target, b.BuildArgs, b.Tags,
                b.NoCache, b.Pull,
                b.AgentId,
                db.Agents.Where(a => a.Id == b.AgentId).Select(a => a.Name).FirstOrDefault(),
                b.QueuedAt, b.AssignedAt, b.StartedAt, b.FinishedAt, b.DurationMs,
                b.ImageId, b.ImageSizeBytes, b.Error, b.FailedStep,
                !b.Dispatched && b.DispatchError != null ? BrokerWaitPrefix + b.DispatchError : b.WaitingReason,
                b.PlacementReason, b.StepsCached, b.StepsTotal, b.Attempt, b.CancelRequested,
                b.Steps.Where(s => s.Attempt == b.Attempt).OrderBy(s => s.Index)
                    .Select(s => new StepView(
                        s.Index, s.Stage, s.Instruction, s.Cached, s.DurationMs, s.Status, s.Error, s.StartedAt, s.CompletedAt,
                        s.Attempt, s.AgentId,
                        db.BuildLogChunks.Any(c => c.BuildId == s.BuildId && c.Attempt == s.Attempt && c.StepIndex == s.Index), s.Key))
                    .ToList(),
                b.Events.OrderBy(e => e.At).ThenBy(e => e.Id)
                    .Select(e => new EventView(e.At, e.Status, e.Message))
                    .ToList()))
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);

    public static Task<List<BuildSummary>> ListAsync(this FarmDbContext db, BuildFilter filter, CancellationToken cancellationToken = default)
    {
        var builds = db.Builds.AsNoTracking();
        var statuses = (filter.Status ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant())
            .ToList();
        if (statuses.Count > 0)
            builds = builds.Where(b => statuses.Contains(b.Status));
        if (!string.IsNullOrWhiteSpace(filter.Repository))
        {
            // Case-insensitive on both providers: SQLite's instr() and PostgreSQL's strpos() both match case, and
            // nobody typing "ml/Trainer" into a filter means to miss "ml/trainer".
            var repository = filter.Repository.Trim().ToLowerInvariant();
            builds = builds.Where(b => b.Repository.ToLower().Contains(repository));
        }
        // Contains and StartsWith become instr()/strpos() and an escaped LIKE with the text as a parameter: a % or _
        // or quote typed into the search box is looked for as itself.
        if (Lower(filter.Ref) is { } gitRef)
            builds = builds.Where(b => b.Ref.ToLower().Contains(gitRef));
        if (Lower(filter.Commit) is { } commit)
            builds = builds.Where(b => b.Commit != null && b.Commit.StartsWith(commit));
        if (Lower(filter.Text) is { } text)
            builds = builds.Where(b => b.Repository.ToLower().Contains(text) || b.Ref.ToLower().Contains(text)
                                       || (b.Commit != null && b.Commit.StartsWith(text)) || (b.Error != null && b.Error.ToLower().Contains(text)));
        if (filter.QueuedById is { } owner)
            builds = builds.Where(b => b.QueuedById == owner);
        if (!string.IsNullOrWhiteSpace(filter.Agent))
        {
            var agent = filter.Agent.Trim();
            builds = builds.Where(b => b.AgentId == agent || db.Agents.Any(a => a.Id == b.AgentId && a.Name == agent));
        }

        return builds
            .OrderByDescending(b => b.QueuedAt).ThenByDescending(b => b.Id)
            .Skip(Math.Max(0, filter.Offset))
            .Take(Math.Clamp(filter.Limit, 1, BuildFilter.MaxLimit + 1))
            .Select(b => new BuildSummary(
                b.Id, b.Status, b.Repository, b.Ref, b.AgentId,
                db.Agents.Where(a => a.Id == b.AgentId).Select(a => a.Name).FirstOrDefault(),
                b.QueuedAt, b.StartedAt, b.FinishedAt, b.DurationMs, b.StepsCached, b.StepsTotal,
                !b.Dispatched && b.DispatchError != null ? BrokerWaitPrefix + b.DispatchError : b.WaitingReason,
                b.Error, b.QueuedBy))
            .ToListAsync(cancellationToken);
    }

    static string? Lower(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();
}
