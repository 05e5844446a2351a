using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// The plan's steps as the build page lists them before BuildKit reaches them: each with the time it took when the
/// same key last ran for real (else the keyword's default, as placement assumes), and what is left of the build.
/// </summary>
public static class PlannedSteps
{
    public static async Task<IReadOnlyList<PlannedStepView>> ReadAsync(
        FarmDbContext db, string? planJson, string? predictedKeysJson, CancellationToken ct)
    {
        if (planJson is null || JsonSerializer.Deserialize<BuildPlan>(planJson, JsonSerializerOptions.Web) is not { Steps.Count: > 0 } plan)
            return [];
        var vertices = plan.Steps.Where(s => s.HasVertex).ToList();
        var keys = vertices.Select(s => s.Key).ToList();
        // Grouped in SQL over the key index: a page load never reads a step's whole history.
        var measured = await db.BuildSteps.AsNoTracking()
            .Where(s => keys.Contains(s.Key!) && !s.Cached && s.Status == StepStatus.Done && s.DurationMs != null)
            .GroupBy(s => s.Key!)
            .Select(g => new { g.Key, Ms = g.Average(s => (double)s.DurationMs!.Value) })
            .ToDictionaryAsync(g => g.Key, g => g.Ms / 1000.0, StringComparer.Ordinal, ct);
        var durations = new StepDurations(measured);
        var expected = predictedKeysJson is null
            ? []
            : (JsonSerializer.Deserialize<List<string>>(predictedKeysJson) ?? []).ToHashSet(StringComparer.Ordinal);
        return vertices.Select(s => new PlannedStepView(s.Key, s.Stage, s.Instruction, durations.Estimate(s), expected.Contains(s.Key))).ToList();
    }

    /// <summary>The plan's steps BuildKit has not reported yet, in plan order; none when the steps cannot be matched
    /// to the plan (reported without keys).</summary>
    public static IReadOnlyList<PlannedStepView> Pending(IReadOnlyList<PlannedStepView> plan, IReadOnlyList<StepView> steps)
    {
        if (plan.Count == 0 || (steps.Count > 0 && steps.All(s => s.Key is null)))
            return [];
        var reached = steps.Where(s => s.Key is not null).Select(s => s.Key!).ToHashSet(StringComparer.Ordinal);
        return plan.Where(p => !reached.Contains(p.Key)).ToList();
    }

    /// <summary>Seconds the build still needs: the pending steps expected to run, and what is left of a running one.</summary>
    public static double RemainingSeconds(IReadOnlyList<PlannedStepView> plan, IReadOnlyList<StepView> steps, DateTimeOffset now)
    {
        var pending = Pending(plan, steps).Where(p => !p.ExpectedCached).Sum(p => p.PredictedSeconds);
        var running = steps.Where(s => s.Status == StepStatus.Running)
            .Sum(s => Math.Max(0, (plan.FirstOrDefault(p => p.Key == s.Key)?.PredictedSeconds ?? 0) - (now - s.StartedAt).TotalSeconds));
        return pending + running;
    }
}
