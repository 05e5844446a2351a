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

    /// <remarks>Four round trips, five with the plan's step times: the build with its placement columns and its place in
    /// the queue, then its steps, events and attempts (split queries). Each round trip is a wait for two processes to be
    /// scheduled, which on a busy host costs more than the reading.</remarks>
    /// <param name="planOfSucceeded">Whether to read a succeeded build's plan with its steps' measured times too (the API
    /// returns it; the page shows the steps as they ran instead).</param>
    public static async Task<BuildDetails?> DetailsAsync(this FarmDbContext db, Guid id, CancellationToken cancellationToken = default, bool planOfSucceeded = true)
    {
        var read = await CoreAsync(db, id, cancellationToken);
        if (read is null)
            return null;
        var (details, placement) = (read.Details, read.Placement);
        return details with
        {
            QueueAhead = details.Status == BuildStatus.Queued ? read.Ahead : null,
            Attempts = AttemptQueries.WithCurrent(read.Attempts, details),
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
            Plan = planOfSucceeded || details.Status != BuildStatus.Succeeded
                ? await PlannedSteps.ReadAsync(db, placement.PlanJson, placement.PredictedKeysJson, cancellationToken)
                : [],
        };
    }

    /// <summary>The columns behind the page's placement, check, lint and miss panels.</summary>
    sealed record PlacementColumns(
        string? Commit, int? PredictedCachedSteps, string? CandidatesJson, string? CheckJson, string? CheckResultJson,
        string? PredictedKeysJson, int? PredictionHits, int? PredictionFalseHits, int? PredictionMisses,
        Dictionary<string, string> RequiredLabels, bool LogCut, string? LintJson, bool Release, bool Push, string? MissJson,
        string? PlanJson, string? QueuedBy);

    sealed record DetailsRead(BuildDetails Details, PlacementColumns Placement, int Ahead, List<AttemptView> Attempts);

    static List<CandidateView> Candidates(string? json) =>
        json is null
            ? []
            : (JsonSerializer.Deserialize<List<CandidateVerdict>>(json, JsonSerializerOptions.Web) ?? [])
                .OrderBy(c => c.Rejected is null ? 0 : 1).ThenByDescending(c => c.Score)
                .Select(c => new CandidateView(c.AgentId, c.AgentName, c.Rejected?.ToString(), c.Score, c.Detail,
                    c.CachedSteps, c.TotalSteps, c.SecondsSaved, c.QueueWaitSeconds, c.PullSeconds))
                .ToList();

    static Task<DetailsRead?> CoreAsync(FarmDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Builds.AsNoTracking()
            .Where(b => b.Id == id)
            .Select(b => new DetailsRead(new BuildDetails(
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
                    .ToList()),
                new PlacementColumns(b.Commit, b.PredictedCachedSteps, b.CandidatesJson, b.CheckJson, b.CheckResultJson,
                    b.PredictedKeysJson, b.PredictionHits, b.PredictionFalseHits, b.PredictionMisses, b.RequiredLabels, b.LogCut,
                    b.LintJson, b.Release, b.Push, b.MissJson, b.PlanJson, b.QueuedBy),
                // Counted in the same statement, for queued builds only: cheaper than a round trip of its own.
                b.Status == BuildStatus.Queued ? db.Builds.Count(q => q.Status == BuildStatus.Queued && q.QueuedAt < b.QueuedAt) : 0,
                db.BuildAttempts.Where(a => a.BuildId == b.Id).OrderBy(a => a.Number)
                    .Select(a => new AttemptView(a.Number, a.AgentId, db.Agents.Where(x => x.Id == a.AgentId).Select(x => x.Name).FirstOrDefault(),
                        a.AssignedAt, a.StartedAt, a.EndedAt, a.Outcome, a.Reason))
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
