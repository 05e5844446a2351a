using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>A failed build whose failing step passed on the previous build of the same commit (same repository,
/// Dockerfile and target): the code did not change, so something else did, and the alert says what most likely.</summary>
public static class StepRegressionCheck
{
    /// <returns>True when this call raised the build's alert.</returns>
    public static async Task<bool> EvaluateAsync(FarmDbContext db, Guid buildId, DateTimeOffset now, CancellationToken ct)
    {
        var key = $"{AlertKinds.StepRegressed}:{buildId}";
        // Only the columns the rule reads: the build's plan and placement verdicts can be many kilobytes.
        var failed = await db.Builds.AsNoTracking().Where(b => b.Id == buildId)
            .Select(b => new Judged(b.Id, b.Status, b.Repository, b.Commit, b.DockerfilePath, b.ContextPath, b.Target, b.QueuedAt,
                b.Attempt, b.AgentId, b.Error, b.MissCause, b.MissJson))
            .FirstOrDefaultAsync(ct);
        if (failed is not { Status: BuildStatus.Failed, Commit: not null } || await db.Alerts.AnyAsync(a => a.Key == key, ct))
            return false;
        var previous = await db.Builds.AsNoTracking()
            .Where(b => b.Id != failed.Id && b.Repository == failed.Repository && b.Commit == failed.Commit &&
                        b.DockerfilePath == failed.DockerfilePath && b.ContextPath == failed.ContextPath && b.Target == failed.Target &&
                        b.QueuedAt < failed.QueuedAt && (b.Status == BuildStatus.Succeeded || b.Status == BuildStatus.Failed))
            .OrderByDescending(b => b.QueuedAt)
            .Select(b => new { b.Id, b.Attempt, b.AgentId })
            .FirstOrDefaultAsync(ct);
        if (previous is null)
            return false;
        var step = StepRegression.FirstRegressed(await StepsAsync(db, failed.Id, failed.Attempt, ct), await StepsAsync(db, previous.Id, previous.Attempt, ct));
        if (step is null)
            return false;
        var evidence = new RegressionEvidence(await BasesAsync(db, failed.Id, ct), await BasesAsync(db, previous.Id, ct),
            failed.AgentId, previous.AgentId, failed.MissCause, MissDetail(failed.MissJson));
        return await AlertStore.RaiseAsync(db, new Alert
        {
            Key = key,
            Kind = AlertKinds.StepRegressed,
            RaisedAt = now,
            BuildId = failed.Id,
            Title = $"Step {step.Index + 1} failed on a commit where it passed: {Trim(step.Instruction)}",
            Detail = $"Build {failed.Id} of {failed.Repository} at {failed.Commit[..Math.Min(12, failed.Commit.Length)]} failed on " +
                     $"\"{step.Instruction}\"{(failed.Error is { } error ? $" ({Trim(error)})" : "")}; build {previous.Id} of the same commit " +
                     $"got past it{(previous.AgentId is { } agent ? $" on {agent}" : "")}.",
            LikelyCause = StepRegression.LikelyCause(evidence),
        }, ct);
    }

    sealed record Judged(Guid Id, string Status, string Repository, string? Commit, string DockerfilePath, string ContextPath,
        string? Target, DateTimeOffset QueuedAt, int Attempt, string? AgentId, string? Error, string? MissCause, string? MissJson);

    static async Task<List<StepOutcome>> StepsAsync(FarmDbContext db, Guid buildId, int attempt, CancellationToken ct) =>
        await db.BuildSteps.AsNoTracking().Where(s => s.BuildId == buildId && s.Attempt == attempt)
            .Select(s => new StepOutcome(s.Index, s.Instruction, s.Status)).ToListAsync(ct);

    static async Task<IReadOnlyDictionary<string, string>> BasesAsync(FarmDbContext db, Guid buildId, CancellationToken ct) =>
        await db.BuildBases.AsNoTracking().Where(b => b.BuildId == buildId).ToDictionaryAsync(b => b.Reference, b => b.Digest, ct);

    /// <summary>The "detail" of the stored miss explanation, read leniently: it is another feature's document.</summary>
    static string? MissDetail(string? missJson)
    {
        if (string.IsNullOrWhiteSpace(missJson))
            return null;
        try
        {
            using var document = JsonDocument.Parse(missJson);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                ? detail.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Trim(string text) => text.Length <= 120 ? text : text[..117] + "…";
}
