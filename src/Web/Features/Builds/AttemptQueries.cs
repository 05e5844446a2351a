using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>A build's attempts and the steps of any one of them.</summary>
public static class AttemptQueries
{
    /// <summary>Every attempt, oldest first (<paramref name="stored"/>, as read with the build). The scheduler writes an
    /// attempt's row on its first event, so an attempt just assigned is read from the build itself until then.</summary>
    public static List<AttemptView> WithCurrent(List<AttemptView> stored, BuildDetails build)
    {
        if (build is { Attempt: > 0, Agent: { } agent } && stored.All(a => a.Number != build.Attempt))
            stored.Add(new AttemptView(build.Attempt, agent, build.AgentName, build.AssignedAt ?? build.QueuedAt, build.StartedAt,
                build.FinishedAt, OutcomeOf(build.Status), build.Error));
        return stored;
    }

    /// <summary>How an attempt without a row ended: builds that finished before attempts were recorded ended with it.</summary>
    static string OutcomeOf(string buildStatus) => buildStatus switch
    {
        BuildStatus.Succeeded => AttemptOutcome.Succeeded,
        BuildStatus.Failed => AttemptOutcome.Failed,
        BuildStatus.Cancelled => AttemptOutcome.Cancelled,
        _ => AttemptOutcome.Running,
    };

    public static Task<List<StepView>> StepsAsync(this FarmDbContext db, Guid buildId, int attempt, CancellationToken cancellationToken) =>
        db.BuildSteps.AsNoTracking()
            .Where(s => s.BuildId == buildId && s.Attempt == attempt)
            .OrderBy(s => s.Index)
            .Select(s => new StepView(
                s.Index, s.Stage, s.Instruction, s.Cached, s.DurationMs, s.Status, s.Error, s.StartedAt, s.CompletedAt,
                s.Attempt, s.AgentId,
                db.BuildLogChunks.Any(c => c.BuildId == s.BuildId && c.Attempt == s.Attempt && c.StepIndex == s.Index), s.Key))
            .ToListAsync(cancellationToken);
}
